// Turns a bot message into DOM nodes. Bot text is untrusted: it carries database fields and may
// echo what a user typed. It is rendered as Markdown (lists, emphasis, links), with raw HTML in
// the text escaped by marked and the resulting HTML sanitised by DOMPurify against a short
// allow-list, so `<script>` or `<img onerror=...>` in an answer is shown as text and never runs.
import { Marked } from "marked";
import DOMPurify from "dompurify";

// Lines naming the source of an answer ("Quelle: ...", "Quellen: ...").
const SOURCE_LINE = /^\s*Quellen?:/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const markdown = new Marked({
  gfm: true, // autolinks bare http(s)://... and www.... addresses
  breaks: true, // the bot separates lines with a single newline
  async: false,
  renderer: {
    // Raw HTML in the text is shown literally, not interpreted.
    html: ({ text }) => escapeHtml(text),
    // No remote images from text: show the alt text only.
    image: ({ text }) => escapeHtml(text),
  },
});

// A separate DOMPurify instance, so its hook does not change a page's own DOMPurify.
const purifier = DOMPurify(window);
const PURIFY_CONFIG = {
  ALLOWED_TAGS: ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "del", "code", "pre", "blockquote", "a"],
  ALLOWED_ATTR: ["href", "title", "start"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
  RETURN_DOM_FRAGMENT: true,
};
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

function sanitized(html) {
  return purifier.sanitize(html, PURIFY_CONFIG);
}

// A list followed by a plain line would swallow that line as a "lazy continuation" of the last
// item; a blank line in between keeps the bot's line structure.
function separateLists(lines) {
  const out = [];
  lines.forEach((line, i) => {
    if (i > 0 && LIST_ITEM.test(lines[i - 1]) && line.trim() && !LIST_ITEM.test(line) && !/^\s/.test(line)) {
      out.push("");
    }
    out.push(line);
  });
  return out.join("\n");
}

/** DocumentFragment for one bot text: Markdown blocks, with source lines set apart. */
export function renderBotText(text, doc = document) {
  const fragment = doc.createDocumentFragment();
  let block = [];
  const flush = () => {
    if (block.some((line) => line.trim())) {
      const div = doc.createElement("div");
      div.className = "fb-text";
      div.appendChild(sanitized(markdown.parse(separateLists(block))));
      fragment.appendChild(div);
    }
    block = [];
  };
  for (const line of String(text ?? "").split(/\r?\n/)) {
    if (SOURCE_LINE.test(line)) {
      flush();
      const [, label, rest] = line.trim().match(/^(Quellen?:)\s*(.*)$/);
      const source = doc.createElement("p");
      source.className = "fb-source";
      const strong = doc.createElement("span");
      strong.className = "fb-source-label";
      strong.textContent = label;
      source.append(strong, " ");
      source.appendChild(sanitized(markdown.parseInline(rest)));
      fragment.appendChild(source);
    } else {
      block.push(line);
    }
  }
  flush();
  return fragment;
}

/** A user's own text: always plain text. */
export function renderUserText(text, doc = document) {
  const p = doc.createElement("p");
  p.className = "fb-text";
  p.textContent = String(text ?? "");
  return p;
}
