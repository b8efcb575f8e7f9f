// A small DOM for the runtime's unit tests: just what React DOM's client needs to render, hydrate and
// dispatch events into a root (elements, text, attributes, listeners), and what the runtime reads from the
// document. Install it with installDom() before importing react-dom/client or a module that checks `window`.

const HTML = "http://www.w3.org/1999/xhtml";

class Node {
  constructor(document, nodeType, nodeName) {
    this.ownerDocument = document;
    this.nodeType = nodeType;
    this.nodeName = nodeName;
    this.childNodes = [];
    this.parentNode = null;
    this.listeners = [];
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get lastChild() {
    return this.childNodes.at(-1) ?? null;
  }
  get nextSibling() {
    const siblings = this.parentNode?.childNodes ?? [];
    const at = siblings.indexOf(this);
    return at === -1 ? null : (siblings[at + 1] ?? null);
  }
  get previousSibling() {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }
  hasChildNodes() {
    return this.childNodes.length > 0;
  }
  appendChild(child) {
    return this.insertBefore(child, null);
  }
  insertBefore(child, before) {
    child.parentNode?.removeChild(child);
    const at = before === null || before === undefined ? this.childNodes.length : this.childNodes.indexOf(before);
    if (at === -1) throw new Error("NotFoundError: the node to insert before is not a child of this node");
    this.childNodes.splice(at, 0, child);
    child.parentNode = this;
    return child;
  }
  removeChild(child) {
    const at = this.childNodes.indexOf(child);
    if (at === -1) throw new Error("NotFoundError: the node to remove is not a child of this node");
    this.childNodes.splice(at, 1);
    child.parentNode = null;
    return child;
  }
  get textContent() {
    return this.childNodes.map((child) => child.textContent).join("");
  }
  set textContent(text) {
    for (const child of [...this.childNodes]) this.removeChild(child);
    if (text !== "") this.appendChild(this.ownerDocument.createTextNode(String(text)));
  }
  addEventListener(type, listener, options) {
    const capture = typeof options === "boolean" ? options : Boolean(options?.capture);
    this.listeners.push({ type, listener, capture });
  }
  removeEventListener(type, listener, options) {
    const capture = typeof options === "boolean" ? options : Boolean(options?.capture);
    this.listeners = this.listeners.filter((l) => !(l.type === type && l.listener === listener && l.capture === capture));
  }
  /** Dispatches `event` ({type, ...}) at this node, through its ancestors' capture then bubble listeners. */
  dispatchEvent(event) {
    const path = [];
    for (let node = this; node; node = node.parentNode) path.push(node);
    Object.assign(event, {
      target: this,
      defaultPrevented: false,
      preventDefault() {
        event.defaultPrevented = true;
      },
      stopPropagation() {},
    });
    for (const [nodes, capture] of [[[...path].reverse(), true], [path, false]]) {
      for (const node of nodes) {
        for (const { type, listener } of node.listeners.filter((l) => l.type === event.type && l.capture === capture)) {
          event.currentTarget = node;
          listener.call(node, event);
        }
      }
    }
    return !event.defaultPrevented;
  }
}

class Text extends Node {
  constructor(document, data) {
    super(document, 3, "#text");
    this.data = data;
  }
  get nodeValue() {
    return this.data;
  }
  set nodeValue(value) {
    this.data = value;
  }
  get textContent() {
    return this.data;
  }
  set textContent(value) {
    this.data = value;
  }
}

class Element extends Node {
  constructor(document, tag) {
    super(document, 1, tag.toUpperCase());
    this.tagName = this.nodeName;
    this.namespaceURI = HTML;
    this.attributes = [];
    this.style = {};
    this.tabIndex = -1;
  }
  focus() {
    this.ownerDocument.activeElement = this;
  }
  setAttribute(name, value) {
    const found = this.attributes.find((a) => a.name === name);
    if (found) found.value = String(value);
    else this.attributes.push({ name, value: String(value) });
  }
  getAttribute(name) {
    return this.attributes.find((a) => a.name === name)?.value ?? null;
  }
  hasAttribute(name) {
    return this.getAttribute(name) !== null;
  }
  removeAttribute(name) {
    this.attributes = this.attributes.filter((a) => a.name !== name);
  }
  get id() {
    return this.getAttribute("id") ?? "";
  }
  get href() {
    const href = this.getAttribute("href");
    return href === null ? "" : new URL(href, globalThis.location?.href ?? "http://localhost/").href;
  }
  /** This element and its descendants as HTML (attributes unescaped: enough for assertions). */
  get outerHTML() {
    const attributes = this.attributes.map(({ name, value }) => ` ${name}="${value}"`).join("");
    const inner = this.childNodes.map((child) => (child.nodeType === 3 ? child.data : child.outerHTML)).join("");
    return `<${this.tagName.toLowerCase()}${attributes}>${inner}</${this.tagName.toLowerCase()}>`;
  }
}

class Document extends Node {
  constructor() {
    super(null, 9, "#document");
    this.ownerDocument = null;
    this.documentElement = this.appendChild(new Element(this, "html"));
    this.head = this.documentElement.appendChild(new Element(this, "head"));
    this.body = this.documentElement.appendChild(new Element(this, "body"));
    this.activeElement = this.body;
    this.title = "";
  }
  createElement(tag) {
    return new Element(this, tag);
  }
  createTextNode(data) {
    return new Text(this, data);
  }
  createComment(data) {
    const comment = new Node(this, 8, "#comment");
    comment.data = data;
    return comment;
  }
  /** The first element, in document order, for which `test(element)` holds. */
  find(test, node = this) {
    if (node.nodeType === 1 && test(node)) return node;
    for (const child of node.childNodes) {
      const found = this.find(test, child);
      if (found) return found;
    }
    return null;
  }
  getElementById(id) {
    return this.find((node) => node.id === id);
  }
  /** Tag names only ("h1"): what the runtime asks for. */
  querySelector(tag) {
    return this.find((node) => node.tagName === tag.toUpperCase());
  }
  querySelectorAll() {
    return []; // (the runtime asks only for its stylesheet links; the tests' pages have none)
  }
}

/**
 * Installs a fresh document on globalThis, which becomes the window; returns the document and
 * `element(tag, attributes, ...children)`, which builds nodes (children: nodes or strings).
 */
export function installDom() {
  const document = new Document();
  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    return node;
  };
  Object.assign(globalThis, {
    window: globalThis,
    self: globalThis,
    document,
    HTMLIFrameElement: class HTMLIFrameElement {},
  });
  document.defaultView = globalThis;
  return { document, element };
}
