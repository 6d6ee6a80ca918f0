// The operations centre's figures, replaced whenever the server says they changed.
// EventSource reconnects by itself (the server ends each stream after a while) and sends
// the last event id, so the server only sends figures that differ from what is shown.
(function () {
  "use strict";
  var box = document.getElementById("ioc-figures");
  if (!box || !window.EventSource) { return; }
  var status = document.getElementById("live-status");
  var source = new EventSource(box.dataset.stream);
  source.addEventListener("figures", function (event) {
    box.innerHTML = event.data;
    box.dataset.updated = String(Date.now());
  });
  source.addEventListener("open", function () {
    box.dataset.connected = "true";
    if (status) { status.textContent = status.dataset.liveText; status.classList.remove("live--paused"); }
  });
  source.addEventListener("error", function () {
    if (status) { status.textContent = status.dataset.pausedText; status.classList.add("live--paused"); }
  });
})();
