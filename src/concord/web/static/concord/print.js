// A "Print" link (data-concord-print) prints the page. In a file, not an onclick attribute:
// the Content-Security-Policy runs no inline handler.
document.querySelectorAll("[data-concord-print]").forEach((link) => {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
});
