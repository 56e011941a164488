// Small enhancements only: every page works without this file.
// "/" focuses the search box; a "copy" button next to each citation.
document.addEventListener("keydown", (e) => {
  const box = document.getElementById("q");
  if (e.key === "/" && box && document.activeElement !== box && !/INPUT|TEXTAREA/.test(document.activeElement.tagName)) {
    e.preventDefault();
    box.focus();
    box.select();
  }
});
for (const block of document.querySelectorAll(".cite .chicago, .cite .bibtex")) {
  if (!navigator.clipboard) break;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "copy";
  button.className = "copy";
  button.addEventListener("click", () => navigator.clipboard.writeText(block.textContent).then(() => { button.textContent = "copied"; }));
  block.after(button);
}
