// Upload progress for forms marked data-upload. Without this script (or without
// JavaScript) the form posts as plain HTML and the browser shows its own progress.
(function () {
  "use strict";
  function enhance(form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-upload-status]");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) {
        return;
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) {
          bar.max = e.total;
          bar.value = e.loaded;
        }
        if (status && e.lengthComputable) {
          status.textContent = "Sending… " + Math.round((100 * e.loaded) / e.total) + "%";
        }
      });
      request.addEventListener("load", function () {
        var done = request.status < 400 && request.responseURL && request.responseURL !== form.action;
        if (done) {
          window.location.assign(request.responseURL);
        } else {
          document.open();
          document.write(request.responseText);
          document.close();
        }
      });
      request.addEventListener("error", function () {
        if (status) {
          status.textContent = "The upload was interrupted. Please try again.";
        }
        form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      });
      if (bar) {
        bar.hidden = false;
      }
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      request.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(enhance);
})();
