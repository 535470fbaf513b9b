// The live page: the server pushes the whole panel (server-sent events) on every change of the hall.
// EventSource reconnects by itself when the dashboard restarts or the network drops.
(function () {
  var live = document.getElementById("live");
  if (!live || !window.EventSource) { return; }
  var source = new EventSource(live.dataset.stream);
  source.onmessage = function (event) {
    live.innerHTML = event.data;
    live.dataset.updatedAt = String(Date.now());
  };
}());
