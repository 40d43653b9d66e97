// Förderbot chat widget: talks to Rasa's socketio channel (session_persistence: true).
//
// Embedding:
//   <div data-foerderbot data-rasa-url="https://bot.example.de"></div>
//   <script src="foerderbot-widget.js" defer></script>
//
// Why a widget of our own: the established npm widget, rasa-webchat (1.0.1), has had no release
// since 2021, is archived in practice (its issues about Rasa 3 go unanswered), needs React 16 and
// ships a socket.io server and webpack plugin as runtime dependencies. This one is small plain JS
// on socket.io-client 4 (matches python-socketio 5 in Rasa 3.6), marked and DOMPurify.
//
// Persistence: the session_id and the messages shown are kept in localStorage and re-rendered on
// reload (Rasa's socketio channel does not replay history). Fetching the tracker over Rasa's HTTP
// API instead would need the API open to every browser (GET /conversations/{id}/tracker returns
// all slots and events of a conversation, protected only by a token a public page cannot keep).
import { io } from "socket.io-client";
import { renderBotText, renderUserText } from "./render.js";
import css from "./widget.css";

const TEXT = {
  launcher: "Fragen zu Förderaufrufen",
  title: "Förderbot",
  subtitle: "Landkreistag Sachsen-Anhalt",
  region: "Chat mit dem Förderbot",
  close: "Chat schließen",
  restart: "Neu beginnen",
  restartLabel: "Gespräch neu beginnen",
  log: "Gesprächsverlauf",
  inputLabel: "Ihre Frage an den Förderbot",
  placeholder: "Ihre Frage …",
  send: "Senden",
  you: "Sie:",
  bot: "Förderbot:",
  typing: "Der Förderbot schreibt …",
  replies: "Antwortmöglichkeiten",
  rating: "Ihre Rückmeldung zur Antwort",
  rateUp: "Antwort war hilfreich",
  rateDown: "Antwort war nicht hilfreich",
  hint: "Antworten nennen ihre Quelle. Bitte geben Sie keine personenbezogenen Daten ein.",
  connecting: "Verbindung zum Förderbot wird hergestellt …",
  offline: "Keine Verbindung zum Förderbot. Es wird weiter versucht; Ihre Nachricht wird dann gesendet.",
  noAnswer: "Der Förderbot hat nicht geantwortet. Bitte versuchen Sie es später noch einmal.",
  welcome: "Guten Tag! Ich beantworte Ihre Fragen zu Förderaufrufen und Rundschreiben des Landkreistages Sachsen-Anhalt.",
  image: "Bild öffnen",
};
const DEFAULTS = {
  rasaUrl: null, // data-rasa-url; without it the page's own origin (a proxy forwarding /socket.io/)
  socketPath: "/socket.io",
  welcomePayload: "/greet", // sent (not shown) when the chat opens with no history; "" for a fixed text
  open: false,
  storageKey: null,
};
const MAX_STORED_MESSAGES = 200;
const ANSWER_TIMEOUT_MS = 60000;

let instances = 0;

function injectStyles(doc) {
  if (doc.getElementById("foerderbot-widget-styles")) return;
  const style = doc.createElement("style");
  style.id = "foerderbot-widget-styles";
  style.textContent = css;
  doc.head.appendChild(style);
}

// localStorage, or memory where a browser blocks it (private mode, cookie settings).
function storage(key) {
  let memory = null;
  return {
    load() {
      try {
        const raw = window.localStorage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch (_) {
        return memory;
      }
    },
    save(state) {
      memory = state;
      try {
        window.localStorage.setItem(key, JSON.stringify(state));
      } catch (_) {
        /* kept in memory only */
      }
    },
  };
}

function el(doc, tag, attrs = {}, children = []) {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.appendChild(child);
  return node;
}

// An icon from one SVG path, drawn without an emoji font and hidden from screen readers.
function pathIcon(doc, d, transform) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = doc.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = doc.createElementNS(ns, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", d);
  if (transform) path.setAttribute("transform", transform);
  svg.appendChild(path);
  return svg;
}

// A speech bubble.
const chatIcon = (doc) =>
  pathIcon(doc, "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");

// A thumb, up or (turned) down.
const thumbIcon = (doc, down) =>
  pathIcon(
    doc,
    "M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 1.95-1.56l1.6-7A2 2 0 0 0 18.8 10H14l.8-4.2a1.9 1.9 0 0 0-3.4-1.5L8 10z",
    down ? "rotate(180 12 12)" : null,
  );

function optionsFrom(container, options) {
  const data = container.dataset;
  const flag = (value) => value !== undefined && value !== "false";
  return {
    ...DEFAULTS,
    ...(data.rasaUrl ? { rasaUrl: data.rasaUrl } : {}),
    ...(data.socketPath ? { socketPath: data.socketPath } : {}),
    ...(data.welcomePayload !== undefined ? { welcomePayload: data.welcomePayload } : {}),
    ...(data.open !== undefined ? { open: flag(data.open) } : {}),
    ...(data.storageKey ? { storageKey: data.storageKey } : {}),
    ...options,
  };
}

function withRasaUrl(options) {
  return { ...options, rasaUrl: (options.rasaUrl || window.location.origin).replace(/\/+$/, "") };
}

class FoerderbotWidget {
  constructor(container, options) {
    this.doc = container.ownerDocument;
    this.container = container;
    this.options = options;
    this.id = `foerderbot-${++instances}`;
    this.store = storage(options.storageKey || `foerderbot:v1:${options.rasaUrl}`);
    const saved = this.store.load() || {};
    this.state = {
      sessionId: typeof saved.sessionId === "string" ? saved.sessionId : null,
      messages: Array.isArray(saved.messages) ? saved.messages : [],
      open: typeof saved.open === "boolean" ? saved.open : options.open,
    };
    this.confirmed = false; // session_confirm received on the current connection
    this.outbox = []; // messages waiting for the session
    this.rateNext = false; // the bot's next message answers a question, so it can be rated
    this.answerTimer = null;
    injectStyles(this.doc);
    this.build();
    this.renderHistory();
    this.connect();
    this.setOpen(this.state.open, { focus: false });
  }

  // --- DOM -------------------------------------------------------------------------------------
  build() {
    const d = this.doc;
    const ids = { panel: `${this.id}-panel`, title: `${this.id}-title`, input: `${this.id}-input`, hint: `${this.id}-hint` };
    this.launcher = el(d, "button", {
      type: "button", class: "fb-launcher", "aria-expanded": "false", "aria-controls": ids.panel,
    }, [chatIcon(d), el(d, "span", { text: TEXT.launcher })]);
    this.closeButton = el(d, "button", { type: "button", class: "fb-close", "aria-label": TEXT.close, title: TEXT.close, text: "×" });
    this.restartButton = el(d, "button", { type: "button", class: "fb-restart", "aria-label": TEXT.restartLabel, text: TEXT.restart });
    this.status = el(d, "p", { class: "fb-status", role: "status" });
    // The dots are for the eye; screen readers hear TEXT.typing from the status region below.
    this.typing = el(d, "div", { class: "fb-typing", hidden: true, "aria-hidden": "true", title: TEXT.typing }, [
      el(d, "span", { class: "fb-dots" }, [el(d, "span"), el(d, "span"), el(d, "span")]),
    ]);
    // role=log is a polite live region: screen readers read new messages as they arrive.
    this.log = el(d, "div", {
      class: "fb-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": TEXT.log, tabindex: "0",
    });
    this.typingStatus = el(d, "div", { class: "fb-visually-hidden", role: "status" });
    this.input = el(d, "input", {
      id: ids.input, class: "fb-input", type: "text", name: "message", autocomplete: "off",
      maxlength: "1000", placeholder: TEXT.placeholder, "aria-describedby": ids.hint, enterkeyhint: "send",
    });
    this.form = el(d, "form", { class: "fb-form" }, [
      el(d, "label", { for: ids.input, class: "fb-visually-hidden", text: TEXT.inputLabel }),
      this.input,
      el(d, "button", { type: "submit", class: "fb-send", text: TEXT.send }),
    ]);
    this.panel = el(d, "section", { id: ids.panel, class: "fb-panel", "aria-labelledby": ids.title, hidden: true }, [
      el(d, "div", { class: "fb-header" }, [
        el(d, "div", { class: "fb-header-text" }, [
          el(d, "h2", { id: ids.title, class: "fb-title", text: TEXT.title }),
          el(d, "p", { class: "fb-subtitle", text: TEXT.subtitle }),
        ]),
        this.restartButton,
        this.closeButton,
      ]),
      this.status,
      this.log,
      this.typingStatus,
      this.form,
      el(d, "p", { id: ids.hint, class: "fb-hint", text: TEXT.hint }),
    ]);
    this.root = el(d, "div", { class: "fb-root", lang: "de" }, [this.launcher, this.panel]);
    this.container.appendChild(this.root);

    this.launcher.addEventListener("click", () => this.setOpen(true));
    this.closeButton.addEventListener("click", () => this.setOpen(false));
    this.restartButton.addEventListener("click", () => this.restart());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.setOpen(false);
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text, text);
    });
  }

  setOpen(open, { focus = true } = {}) {
    this.state.open = open;
    this.panel.hidden = !open;
    this.root.classList.toggle("fb-open", open);
    this.launcher.setAttribute("aria-expanded", String(open));
    this.save();
    if (open) {
      this.scrollToEnd();
      if (focus) this.input.focus();
      this.welcome();
    } else if (focus) {
      this.launcher.focus();
    }
  }

  // Welcome on open: the bot's own greeting (utter_greet) when the conversation is empty.
  welcome() {
    if (this.state.messages.length || this.welcomed) return;
    this.welcomed = true;
    if (this.options.welcomePayload) {
      this.send(this.options.welcomePayload, null);
    } else {
      this.addMessage({ from: "bot", text: TEXT.welcome });
    }
  }

  renderHistory() {
    this.log.setAttribute("aria-busy", "true"); // not announced again on reload
    this.log.replaceChildren();
    this.state.messages.forEach((message, index) => this.log.appendChild(this.messageNode(message, index)));
    this.log.appendChild(this.typing);
    this.log.removeAttribute("aria-busy");
    this.scrollToEnd();
  }

  messageNode(message, index) {
    const d = this.doc;
    const bubble = el(d, "div", { class: "fb-bubble" }, [
      el(d, "span", { class: "fb-visually-hidden", text: message.from === "user" ? TEXT.you : TEXT.bot }),
    ]);
    if (message.from === "user") {
      bubble.appendChild(renderUserText(message.text, d));
    } else if (message.text) {
      bubble.appendChild(renderBotText(message.text, d));
    }
    if (typeof message.image === "string" && /^https?:\/\//i.test(message.image)) {
      bubble.appendChild(el(d, "p", {}, [el(d, "a", { href: message.image, target: "_blank", rel: "noopener noreferrer", text: TEXT.image })]));
    }
    const kind = message.from === "user" ? "fb-msg-user" : message.error ? "fb-msg-bot fb-msg-error" : "fb-msg-bot";
    const node = el(d, "div", { class: `fb-msg ${kind}` }, [bubble]);
    if (message.buttons && message.buttons.length) {
      const group = el(d, "div", { class: "fb-replies", role: "group", "aria-label": TEXT.replies });
      message.buttons.forEach((button, buttonIndex) => {
        const chosen = message.chosen === buttonIndex;
        const node = el(d, "button", {
          type: "button", class: chosen ? "fb-reply fb-chosen" : "fb-reply", text: button.title,
          disabled: message.chosen !== undefined && message.chosen !== null,
          "aria-pressed": chosen ? "true" : null,
        });
        node.addEventListener("click", () => this.choose(index, buttonIndex));
        group.appendChild(node);
      });
      bubble.appendChild(group);
    }
    if (message.rateable || message.rating) node.appendChild(this.ratingNode(message, index));
    return node;
  }

  // 👍/👎 under an answer. Only the latest answer can be rated: the bot reads the rated answer
  // and its question from the conversation, so a rating must not refer to an older one.
  ratingNode(message, index) {
    const d = this.doc;
    const group = el(d, "div", { class: "fb-rating", role: "group", "aria-label": TEXT.rating });
    for (const [value, label] of [["up", TEXT.rateUp], ["down", TEXT.rateDown]]) {
      const chosen = message.rating === value;
      const button = el(d, "button", {
        type: "button", class: chosen ? "fb-rate fb-chosen" : "fb-rate", "aria-label": label, title: label,
        "data-rating": value, disabled: Boolean(message.rating), "aria-pressed": chosen ? "true" : null,
      }, [thumbIcon(d, value === "down")]);
      button.addEventListener("click", () => this.rate(index, value));
      group.appendChild(button);
    }
    return group;
  }

  rate(messageIndex, value) {
    const message = this.state.messages[messageIndex];
    if (!message || !message.rateable || message.rating) return;
    message.rating = value;
    // Updated in place, like a chosen reply: a replaced node would be read out again.
    const shown = this.log.children[messageIndex];
    if (shown) {
      shown.querySelectorAll(".fb-rate").forEach((node) => {
        node.disabled = true;
        if (node.dataset.rating === value) {
          node.classList.add("fb-chosen");
          node.setAttribute("aria-pressed", "true");
        }
      });
    }
    // Sent as the bot's own payload and not shown; the bot thanks for it.
    this.send(`/feedback${JSON.stringify({ rating: value })}`, null);
    this.input.focus();
  }

  // Once the conversation moves on, an answer not rated so far can no longer be rated.
  retireRatings() {
    this.state.messages.forEach((message, index) => {
      if (!message.rateable || message.rating) return;
      message.rateable = false;
      const row = this.log.children[index] && this.log.children[index].querySelector(".fb-rating");
      if (row) row.remove();
    });
  }

  addMessage(message) {
    this.state.messages.push(message);
    const index = this.state.messages.length - 1;
    const node = this.messageNode(message, index);
    this.log.insertBefore(node, this.typing);
    this.trimAndSave();
    // A long answer is shown from its start, not its end.
    if (node.isConnected && node.offsetHeight > this.log.clientHeight) {
      this.log.scrollTop = node.offsetTop - this.log.offsetTop - 8;
    } else {
      this.scrollToEnd();
    }
  }

  choose(messageIndex, buttonIndex) {
    const message = this.state.messages[messageIndex];
    if (!message || message.chosen !== undefined && message.chosen !== null) return;
    const button = message.buttons[buttonIndex];
    message.chosen = buttonIndex;
    // Updated in place: a replaced node would be read out again by the live region.
    const shown = this.log.children[messageIndex];
    if (shown) {
      shown.querySelectorAll(".fb-reply").forEach((node, i) => {
        node.disabled = true;
        if (i === buttonIndex) {
          node.classList.add("fb-chosen");
          node.setAttribute("aria-pressed", "true");
        }
      });
    }
    this.send(button.payload, button.title);
    this.input.focus();
  }

  setTyping(on) {
    this.typing.hidden = !on;
    this.typingStatus.textContent = on ? TEXT.typing : "";
    clearTimeout(this.answerTimer);
    if (on) {
      this.answerTimer = setTimeout(() => {
        this.setTyping(false);
        this.addMessage({ from: "bot", text: TEXT.noAnswer, error: true });
      }, ANSWER_TIMEOUT_MS);
    }
    this.scrollToEnd();
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  setStatus(text) {
    this.status.textContent = text || "";
  }

  save() {
    this.store.save(this.state);
  }

  trimAndSave() {
    const extra = this.state.messages.length - MAX_STORED_MESSAGES;
    if (extra > 0) {
      this.state.messages.splice(0, extra);
      this.renderHistory();
    }
    this.save();
  }

  restart() {
    this.state.messages = [];
    this.state.sessionId = null;
    this.outbox = [];
    this.rateNext = false;
    this.welcomed = false;
    this.setTyping(false);
    this.save();
    this.renderHistory();
    this.confirmed = false;
    this.socket.emit("session_request", { session_id: null });
    this.welcome();
    this.input.focus();
  }

  // --- connection --------------------------------------------------------------------------------
  connect() {
    this.setStatus(TEXT.connecting);
    // socket.io's default transports: long polling first (works through any proxy), then WebSocket.
    this.socket = io(this.options.rasaUrl, { path: this.options.socketPath });
    this.socket.on("connect", () => {
      this.confirmed = false;
      this.socket.emit("session_request", { session_id: this.state.sessionId });
    });
    this.socket.on("session_confirm", (data) => {
      const sessionId = typeof data === "string" ? data : data && data.session_id;
      if (!sessionId) return;
      this.state.sessionId = sessionId;
      this.confirmed = true;
      this.setStatus("");
      this.save();
      this.flush();
    });
    this.socket.on("bot_uttered", (data) => this.receive(data));
    this.socket.on("disconnect", () => {
      this.confirmed = false;
      this.setStatus(TEXT.offline);
    });
    this.socket.on("connect_error", () => this.setStatus(TEXT.offline));
  }

  // `text` is shown as the user's message; null sends without showing (the welcome payload, a
  // rating). Only the answer to something the user asked can be rated.
  send(payload, text) {
    this.retireRatings();
    this.rateNext = text !== null;
    if (text !== null) this.addMessage({ from: "user", text });
    this.outbox.push(payload);
    this.setTyping(true);
    this.flush();
  }

  flush() {
    if (!this.confirmed || !this.socket.connected) return;
    while (this.outbox.length) {
      this.socket.emit("user_uttered", { message: this.outbox.shift(), session_id: this.state.sessionId });
    }
  }

  receive(data) {
    if (!data || typeof data !== "object") return;
    const message = { from: "bot", text: typeof data.text === "string" ? data.text : "" };
    // Rasa's socketio channel sends buttons as quick_replies; accept `buttons` too.
    const buttons = [].concat(data.quick_replies || [], data.buttons || [])
      .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      .map((b) => ({ title: b.title, payload: b.payload }));
    if (buttons.length) message.buttons = buttons;
    const image = data.attachment && data.attachment.type === "image" && data.attachment.payload && data.attachment.payload.src;
    if (typeof image === "string" && /^https?:\/\//i.test(image)) message.image = image;
    if (!message.text && !message.buttons && !message.image) return;
    if (this.rateNext && message.text) {
      this.retireRatings(); // of several messages in one turn, the last is rated
      message.rateable = true;
    }
    this.setTyping(false);
    this.addMessage(message);
  }
}

export function mount(container, options = {}) {
  if (!container || container.foerderbot) return container && container.foerderbot;
  container.foerderbot = new FoerderbotWidget(container, withRasaUrl(optionsFrom(container, options)));
  return container.foerderbot;
}

function autoMount() {
  document.querySelectorAll("[data-foerderbot]").forEach((container) => mount(container));
}

window.Foerderbot = { mount, renderBotText, renderUserText };
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", autoMount);
} else {
  autoMount();
}
