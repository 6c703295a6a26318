// The frame player that webui/playback.py mounts (st.components.v2): every frame arrives
// once, as an image URI, with its caption, and the browser plays them by itself.
//
// data = {id, frames: [uri], order?: [index], captions: [text], fps, start, width, labels}
// With `order`, frame i shows frames[order[i]]: a picture repeated in an episode (a maze
// walk's agent back on a cell) arrives once. Without it, frame i is frames[i].
// `id` changes when the frames, captions or the requested start frame change; a rerun
// that sends the same `id` keeps the current frame and keeps playing.
//
// The root element carries data-frame (index shown), data-playing and data-speed, for
// tests and for anyone inspecting the page.

const SPEEDS = [0.25, 0.5, 1, 2];
const SPEED_TEXT = ["¼×", "½×", "1×", "2×"];
// Material icons as inline SVG: symbol glyphs (⏮ ⏸) are missing from many system fonts.
const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 19h4V5H6v14zm8-14v14h4V5h-4z",
  prev: "M6 6h2v12H6zm3.5 6 8.5 6V6z",
  next: "M6 18l8.5-6L6 6v12zM16 6v12h2V6h-2z",
};

function icon(name) {
  return `<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="currentColor" d="${ICONS[name]}"/></svg>`;
}

function el(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function build(parentElement) {
  const root = el("div", "pg-player", parentElement);
  const figure = el("figure", "pg-player-figure", root);
  const img = el("img", "pg-player-img", figure);
  const caption = el("figcaption", "pg-player-caption", figure);
  const bar = el("div", "pg-player-bar", root);
  const play = el("button", "pg-player-play", bar);
  play.type = "button";
  const prev = el("button", "pg-player-prev", bar);
  prev.type = "button";
  prev.innerHTML = icon("prev");
  const next = el("button", "pg-player-next", bar);
  next.type = "button";
  next.innerHTML = icon("next");
  const slider = el("input", "pg-player-slider", bar);
  slider.type = "range";
  slider.min = "0";
  slider.step = "1";
  const count = el("span", "pg-player-count", bar);
  const speedBox = el("div", "pg-player-speeds", root);
  speedBox.setAttribute("role", "group");
  const speedLabel = el("span", "pg-player-speed-label", speedBox);
  const speeds = SPEEDS.map((speed, i) => {
    const button = el("button", "pg-player-speed", speedBox);
    button.type = "button";
    button.textContent = SPEED_TEXT[i];
    button.dataset.speed = String(speed);
    return button;
  });
  return { root, img, caption, play, prev, next, slider, count, speedBox, speedLabel, speeds };
}

export default function (component) {
  const { data, parentElement } = component;
  // State that outlives a rerun lives on the host element, which Streamlit keeps.
  let state = parentElement.__pgPlayer;
  if (!state) {
    state = { index: 0, playing: false, speed: 1, id: null, ui: build(parentElement) };
    parentElement.__pgPlayer = state;
  }
  const ui = state.ui;
  const frames = data.frames || [];
  const order = Array.isArray(data.order) ? data.order : null;
  const captions = data.captions || [];
  const labels = data.labels || {};
  const n = order ? order.length : frames.length;
  const interval = () => 1000 / (Number(data.fps) * state.speed);

  if (state.id !== data.id) {
    state.id = data.id;
    state.index = Math.min(Math.max(Number(data.start) || 0, 0), Math.max(n - 1, 0));
    state.playing = false;
  }

  ui.img.style.width = typeof data.width === "number" ? `${data.width}px` : data.width === "stretch" ? "100%" : "";
  ui.img.alt = labels.frame || "";
  ui.prev.title = labels.prev || "";
  ui.prev.setAttribute("aria-label", labels.prev || "");
  ui.next.title = labels.next || "";
  ui.next.setAttribute("aria-label", labels.next || "");
  ui.slider.setAttribute("aria-label", labels.frame || "");
  ui.speedBox.setAttribute("aria-label", labels.speed || "");
  ui.speedLabel.textContent = labels.speed || "";
  ui.slider.max = String(Math.max(n - 1, 0));
  let timer = null;
  let due = 0;

  function show(i) {
    state.index = i;
    if (n) {
      ui.img.src = frames[order ? order[i] : i];
      ui.caption.textContent = captions[i] || "";
    }
    ui.slider.value = String(i);
    ui.count.textContent = `${i + 1} / ${n}`;
    ui.root.dataset.frame = String(i);
  }

  function render() {
    const mode = state.playing ? "pause" : "play";
    if (ui.play.dataset.mode !== mode || ui.play.textContent !== labels[mode]) {
      ui.play.dataset.mode = mode;
      ui.play.innerHTML = `${icon(mode)}<span></span>`;
      ui.play.lastChild.textContent = labels[mode] || "";
    }
    ui.play.disabled = n < 2;
    ui.prev.disabled = n < 2 || state.index <= 0;
    ui.next.disabled = n < 2 || state.index >= n - 1;
    ui.slider.disabled = n < 2;
    ui.root.dataset.playing = String(state.playing);
    ui.root.dataset.speed = String(state.speed);
    for (const button of ui.speeds) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.speed) === state.speed));
    }
  }

  // One frame per due time, never more than one per animation frame: under load the
  // playback slows down instead of skipping frames.
  function tick(now) {
    timer = null;
    if (!state.playing) return;
    if (now >= due) {
      show(state.index + 1);
      due = Math.max(due + interval(), now);
      if (state.index >= n - 1) state.playing = false;
      render();
      if (!state.playing) return;
    }
    timer = requestAnimationFrame(tick);
  }

  function start() {
    if (n < 2) return;
    if (state.index >= n - 1) show(0); // play again from the start
    state.playing = true;
    due = performance.now() + interval();
    render();
    if (timer === null) timer = requestAnimationFrame(tick);
  }

  function stop() {
    state.playing = false;
    if (timer !== null) cancelAnimationFrame(timer);
    timer = null;
    render();
  }

  function step(i) {
    stop();
    show(Math.min(Math.max(i, 0), n - 1));
    render();
  }

  ui.play.onclick = () => (state.playing ? stop() : start());
  ui.prev.onclick = () => step(state.index - 1);
  ui.next.onclick = () => step(state.index + 1);
  ui.slider.oninput = () => step(Number(ui.slider.value));
  for (const button of ui.speeds) {
    button.onclick = () => {
      state.speed = Number(button.dataset.speed);
      if (state.playing) due = performance.now() + interval();
      render();
    };
  }

  show(state.index);
  render();
  if (state.playing) {
    due = performance.now() + interval();
    timer = requestAnimationFrame(tick);
  }

  return () => {
    if (timer !== null) cancelAnimationFrame(timer);
    timer = null;
  };
}
