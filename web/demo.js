// Demo page: mounts the widget with the Rasa server to talk to.
//   ?rasa=URL                    that server (http or https);
//   else the page's own origin   when it answers Rasa's socketio health check there (the page is
//                                behind a proxy that forwards /socket.io/ and /webhooks/ to Rasa,
//                                as deploy/nginx does);
//   else http://localhost:5005   (`make run`: this page from a static server, Rasa on port 5005).
(async function () {
  const container = document.getElementById("foerderbot");
  const shown = document.getElementById("rasa-url");
  const param = new URLSearchParams(window.location.search).get("rasa");
  let rasaUrl = "http://localhost:5005";
  if (param && /^https?:\/\/[^\s]+$/i.test(param)) {
    rasaUrl = param;
  } else {
    try {
      const health = await fetch("/webhooks/socketio/", { cache: "no-store" });
      if (health.ok && (await health.json()).status === "ok") rasaUrl = window.location.origin;
    } catch (_) {
      /* no Rasa behind this origin */
    }
  }
  shown.textContent = rasaUrl;
  window.Foerderbot.mount(container, { rasaUrl });
})();
