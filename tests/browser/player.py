"""Reading the frame player (``webui/player.js``) in the browser.

The player lives in a shadow root (an ``st.components.v2`` component) inside the element
container Streamlit names after its key (``st-key-_pb-<key with dots as dashes>``).
Playwright's CSS locators pierce open shadow roots; ``page.evaluate`` does not, hence the
helpers below.
"""

from __future__ import annotations

PLAYER_JS = """(key) => {
  const box = document.querySelector(`.st-key-${key}`);
  const hosts = box ? [box, ...box.querySelectorAll('*')] : [];
  for (const host of hosts) {
    const root = host.shadowRoot && host.shadowRoot.querySelector('.pg-player');
    if (root) return root;
  }
  return null;
}"""

RECORD_JS = (
    """(key) => {
  const find = """
    + PLAYER_JS
    + """;
  const root = find(key);
  const seen = [];
  // Once per animation frame (once per paint), the frame index on screen.
  const sample = () => {
    const i = Number(root.dataset.frame);
    if (seen[seen.length - 1] !== i) seen.push(i);
    window.__pgSampler = requestAnimationFrame(sample);
  };
  sample();
  window.__pgStop = () => {
    cancelAnimationFrame(window.__pgSampler);
    sample();  // the frame now on screen, which the last paint may not have sampled yet
    cancelAnimationFrame(window.__pgSampler);
    return seen;
  };
}"""
)


def locator_key(key: str) -> str:
    """The CSS class Streamlit gives the player's container, from the player's key."""
    return "_pb-" + key.replace(".", "-")


def player(page, key: str):
    """A locator for the player ``key`` (e.g. ``"basics.replay"``)."""
    return page.locator(f".st-key-{locator_key(key)} .pg-player")


def state(page, key: str) -> dict[str, str]:
    """The player's data attributes: ``frame``, ``playing``, ``speed``."""
    return page.evaluate(
        f"(key) => ({{...({PLAYER_JS})(key).dataset}})",
        locator_key(key),
    )


def start_recording(page, key: str) -> None:
    """From now on, note the frame index shown at every paint (see :func:`recorded`)."""
    page.evaluate(RECORD_JS, locator_key(key))


def recorded(page) -> list[int]:
    """The frame indices shown since :func:`start_recording`, in order, repeats collapsed;
    recording stops."""
    return page.evaluate("() => window.__pgStop()")
