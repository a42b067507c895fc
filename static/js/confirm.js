// Forms that ask before they submit: <form data-confirm="Really remove?">.
// (Replaces inline onsubmit="return confirm(...)" handlers, which the CSP forbids.)
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
