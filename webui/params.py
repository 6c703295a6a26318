"""Page settings bound to the URL: share links, clamping with a notice, values that persist.

A page declares its settings once, as data::

    from webui import live, params

    SPEC = {
        "seed": params.Int(default=0, min=0, max=9_999),
        "episodes": params.Int(default=200, min=10, max=5_000, step=10),
        "gamma": params.Float(default=0.9, min=0.0, max=1.0, step=0.01),
        "eta": params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0)),
        "algo": params.Choice(default="q", choices=("q", "sarsa")),
        "twin": params.Bool(default=False),
    }
    p = params.bind(SPEC, prefix="td", on_change=live.pauser("td"))
    p.show_notices()                       # st.warning if the URL held bad values
    with st.sidebar:
        seed = p.widget("seed", webui.t("common.seed"))
        algo = p.widget("algo", webui.t("td.algo"), format_func=...)
        p.share_link()
    settings = p.values                    # {"seed": 0, "episodes": 200, ...}

What :func:`bind` does, every run:

1. On the session's first page run it reads ``st.query_params`` (the share link). Each
   value is parsed and clamped to its spec; whatever had to change is listed by
   :meth:`Bound.show_notices` (never a traceback). Unknown parameters are ignored.
2. Values live under persistent session-state keys (``"<prefix>.<name>"``); each widget's
   own key (``"_w.<prefix>.<name>"``) is re-seeded from them every run. That is the
   documented way to keep widget values across page switches: Streamlit deletes the keys
   of widgets that were not rendered, but never plain keys.
3. It writes the current values back to ``st.query_params``, so the address bar is always a
   share link that reproduces the page's settings (``lang`` included).

A share link may also carry ``train=N`` ("train on open"): :func:`bind` keeps ``N`` for the
page's live run (:func:`take_train_request`, used by :class:`webui.live.LiveRun`), which
then trains on open up to progress ``N``. Training is deterministic under a seed, so the
student sees the run the teacher saw at that point. The address bar drops ``train``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import streamlit as st

import webui
from webui import present

_URL_CONSUMED = "_params.url_consumed"
TRAIN_PARAM = "train"
"""Query parameter of "train on open": the progress (episodes) to train to."""
TRAIN_MAX = 10_000_000
_BOUND_THIS_RUN = "_params.bound_this_run"
_LINK_FRESH = "_params.link_fresh"


def _fmt_number(value: float) -> str:
    return f"{value:g}"


def _finite(raw: str) -> float | None:
    """``float(raw)`` if that is a finite number, else None (the setting's default is used)."""
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class _Number:
    """What Int and Float share: bounds, a step, and a URL value parsed, then clamped."""

    default: Any
    min: Any
    max: Any
    step: Any = 1

    def parse(self, raw: str) -> tuple[Any, bool]:
        """Return ``(value, changed)``; ``changed`` says the raw text was not used as is."""
        number = _finite(raw)
        if number is None:
            return self.default, True
        value = self.clamp(number)
        return value, not self._same(value, number)

    def clamp(self, value: Any) -> Any:
        raise NotImplementedError

    def _same(self, value: Any, number: float) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Int(_Number):
    """An integer setting in ``[min, max]`` shown as a slider (``number_input`` if asked)."""

    def clamp(self, value: Any) -> int:
        value = min(max(round(float(value)), self.min), self.max)
        # Keep the value on the slider's step grid, which starts at min.
        return min(self.min + round((value - self.min) / self.step) * self.step, self.max)

    def _same(self, value: int, number: float) -> bool:
        return value == number

    def to_url(self, value: int) -> str:
        return str(int(value))


@dataclass(frozen=True)
class Float(_Number):
    """A float setting in ``[min, max]`` on a linear step grid, shown as a slider."""

    step: float = 0.01

    def clamp(self, value: Any) -> float:
        value = min(max(float(value), self.min), self.max)
        steps = round((value - self.min) / self.step)
        # round() to a few digits past the step so 0.1 + 2*0.01 prints as 0.12.
        digits = max(0, -math.floor(math.log10(self.step))) + 3
        return min(round(self.min + steps * self.step, digits), self.max)

    def _same(self, value: float, number: float) -> bool:
        return math.isclose(value, number, rel_tol=1e-9, abs_tol=1e-12)

    def to_url(self, value: float) -> str:
        return repr(float(value))


def log_grid(low: float, high: float, per_decade: Sequence[float] = (1, 2, 5)) -> tuple[float, ...]:
    """Values ``1, 2, 5 × 10^k`` between ``low`` and ``high`` (inclusive), for a :class:`LogFloat`.

    >>> log_grid(0.01, 1.0)
    (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
    """
    grid: list[float] = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in per_decade:
            value = float(f"{mantissa}e{exponent}")
            if low * (1 - 1e-12) <= value <= high * (1 + 1e-12):
                grid.append(value)
    return tuple(grid)


@dataclass(frozen=True)
class LogFloat:
    """A positive float picked from a fixed, log-spaced grid (learning rates, η).

    A ``select_slider`` over ``grid`` keeps both extremes one drag away, which a linear
    slider from 1e-4 to 1 cannot. A URL value between grid points snaps to the nearest one
    in log space.
    """

    default: float
    grid: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.grid or any(v <= 0 for v in self.grid) or list(self.grid) != sorted(self.grid):
            raise ValueError(
                "LogFloat grid must be a non-empty, increasing tuple of positive floats"
            )
        if self.default not in self.grid:
            raise ValueError(f"LogFloat default {self.default} is not on its grid")

    @property
    def min(self) -> float:
        return self.grid[0]

    @property
    def max(self) -> float:
        return self.grid[-1]

    def parse(self, raw: str) -> tuple[float, bool]:
        number = _finite(raw)
        if number is None or number <= 0:
            return self.default, True
        value = self.clamp(number)
        return value, not math.isclose(value, number, rel_tol=1e-9)

    def clamp(self, value: Any) -> float:
        number = float(value)
        if not math.isfinite(number) or number <= 0:
            return self.default
        target = math.log(number)
        return min(self.grid, key=lambda g: abs(math.log(g) - target))

    def to_url(self, value: float) -> str:
        return repr(float(value))


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of string options (algorithm, layout, environment)."""

    default: str
    choices: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.default not in self.choices:
            raise ValueError(f"Choice default {self.default!r} is not one of {self.choices}")

    def parse(self, raw: str) -> tuple[str, bool]:
        text = str(raw).strip()
        for choice in self.choices:
            if choice.lower() == text.lower():
                return choice, choice != text
        return self.default, True

    def clamp(self, value: Any) -> str:
        return value if value in self.choices else self.default

    def to_url(self, value: str) -> str:
        return str(value)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Bool:
    """An on/off setting shown as a toggle; the URL holds ``1`` or ``0``."""

    default: bool

    def parse(self, raw: str) -> tuple[bool, bool]:
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True, text != "1"
        if text in _FALSE:
            return False, text != "0"
        return self.default, True

    def clamp(self, value: Any) -> bool:
        return bool(value)

    def to_url(self, value: bool) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class Text:
    """A short free-text setting shown as a text input (e.g. a reward sequence).

    Only the length is checked here; the page validates the content and explains what is
    wrong with it. A link's text longer than ``max_len`` is replaced by the default, not
    cut: a cut sequence means something else (and would earn a second, contradictory
    notice from the page), and the notice says the default is used.
    """

    default: str
    max_len: int = 200

    def parse(self, raw: str) -> tuple[str, bool]:
        text = str(raw)
        if len(text) > self.max_len:
            return self.default, True
        return text, False

    def clamp(self, value: Any) -> str:
        return str(value)[: self.max_len]

    def to_url(self, value: str) -> str:
        return str(value)


Param = Int | Float | LogFloat | Choice | Bool | Text
Spec = Mapping[str, Param]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Setting:
    """One row of a page's settings table: URL key (the table's key) → config field →
    widget spec. ``to_config`` turns the widget's value into the field's, ``from_config``
    the field's back (for presets); ``preset=False`` keeps a preset from changing it."""

    param: Param
    field: str | None = None
    to_config: Callable[[Any], Any] = _same
    from_config: Callable[[Any], Any] = _same
    preset: bool = True
    label: str | None = None
    """Text key of the widget's label; by default ``<text>.<url key>`` (see :func:`widgets`)."""
    label_format: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    """Values of the label text's placeholders."""
    help: str | None = None
    """Text key of the widget's help."""
    help_format: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    """Values of the help text's placeholders (e.g. a maximum)."""
    style: Literal["auto", "number", "radio", "segmented", "select"] = "auto"
    choice_labels: str | None = None
    """Text key prefix of a Choice's labels (see :meth:`Bound.widget`)."""


Table = Mapping[str, Setting]
"""A page's settings declared once: ``{url_key: Setting}``."""


def seed_row(help: str, field: str | None = "seed", **extra: Any) -> Setting:
    """The random seed's row, 0–9,999 in a number box, as every page offers it; ``help``
    is the page's own text key saying what the seed decides there."""
    return Setting(
        Int(default=0, min=0, max=9_999),
        field,
        label="common.seed",
        help=help,
        style="number",
        **extra,
    )


def label(table: Table, key: str, text: str) -> str:
    """The label of setting ``key`` (its row's, or the text ``<text>.<key>``: ``text`` is
    the page's text namespace), in the session's language."""
    row = table[key]
    return webui.t(row.label or f"{text}.{key}", **row.label_format)


def widgets(p: Bound, table: Table, *keys: str, text: str = "", **overrides: Any) -> None:
    """The widgets of settings ``keys``, as the table describes them; ``text`` is the
    page's text namespace, for rows without their own label."""
    for key in keys:
        row = table[key]
        p.widget(
            key,
            label(table, key, text),
            help=webui.t(row.help, **row.help_format) if row.help else None,
            choice_labels=row.choice_labels,
            style=row.style,
            **overrides,
        )


def spec_of(table: Table) -> dict[str, Param]:
    """The widget specs of a settings table, for :func:`bind`."""
    return {key: row.param for key, row in table.items()}


def config_fields(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """The config fields the page's values set: ``{field: value}``."""
    return {row.field: row.to_config(values[key]) for key, row in table.items() if row.field}


def preset_values(table: Table, config: Any) -> dict[str, Any]:
    """The widget values of the preset ``config``: every row with a field and ``preset``."""
    return {
        key: row.from_config(getattr(config, row.field))
        for key, row in table.items()
        if row.field and row.preset
    }


@dataclass
class Bound:
    """The settings of one page after :func:`bind`; render widgets through it."""

    spec: Spec
    prefix: str
    on_change: Callable[[], None] | None = None
    notices: list[str] = field(default_factory=list)

    # -- keys ---------------------------------------------------------------------------
    def value_key(self, name: str) -> str:
        """Persistent session-state key of setting ``name`` (survives page switches)."""
        return f"{self.prefix}.{name}"

    def widget_key(self, name: str) -> str:
        """Key of the widget showing ``name`` (Streamlit drops it when not rendered)."""
        return f"_w.{self.prefix}.{name}"

    # -- values -------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current value of every setting, in spec order."""
        return {name: self[name] for name in self.spec}

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self.value_key(name)]

    def set(self, name: str, value: Any) -> None:
        """Change a setting from code (clamped); its widget shows it on the next run."""
        st.session_state[self.value_key(name)] = self.spec[name].clamp(value)

    # -- widgets ------------------------------------------------------------------------
    def _changed(self, name: str) -> None:
        st.session_state[self.value_key(name)] = st.session_state[self.widget_key(name)]
        # The student touched a setting: earlier link notices no longer describe the page.
        st.session_state.pop(f"_params.notices.{self.prefix}", None)
        if self.on_change is not None:
            self.on_change()

    def widget(
        self,
        name: str,
        label: str,
        *,
        help: str | None = None,
        format_func: Callable[[Any], str] | None = None,
        choice_labels: str | None = None,
        style: Literal["auto", "number", "radio", "segmented", "select"] = "auto",
        disabled: bool = False,
        _pinned: bool = False,
    ) -> Any:
        """Render the widget for ``name`` in the current container and return its value.

        Kinds map to widgets: Int/Float → slider (``style="number"`` → number_input),
        LogFloat → select_slider, Choice → selectbox (or ``"radio"``/``"segmented"``),
        Bool → toggle, Text → text_input. ``format_func`` turns a Choice value into its
        (translated) label; ``choice_labels="page.env"`` is short for the text
        ``page.env_<choice>``. A Choice's labels are computed now, for every choice:
        Streamlit may call ``format_func`` outside the script run, where the session's
        language cannot be read.

        In presenter view a setting the link pins (``show``) is drawn next to the page's
        controls instead (:mod:`webui.present`); its value is returned all the same.
        """
        if not _pinned and present.defers(name):
            # Pinned in presenter view: drawn next to the controls, by present.pinned_row.
            again = dict(help=help, format_func=format_func, choice_labels=choice_labels)
            again |= dict(style=style, disabled=disabled, _pinned=True)
            present.defer(lambda: self.widget(name, label, **again))
            return self[name]
        param = self.spec[name]
        if choice_labels is not None:
            format_func = lambda v: webui.t(f"{choice_labels}_{v}")  # noqa: E731
        if isinstance(param, Choice) and format_func is not None:
            format_func = {c: format_func(c) for c in param.choices}.__getitem__
        key = self.widget_key(name)
        st.session_state[key] = self[name]
        common: dict[str, Any] = {
            "key": key,
            "help": help,
            "on_change": self._changed,
            "args": (name,),
            "disabled": disabled,
        }
        if isinstance(param, Int | Float):
            if style == "number":
                return st.number_input(
                    label, min_value=param.min, max_value=param.max, step=param.step, **common
                )
            return st.slider(
                label, min_value=param.min, max_value=param.max, step=param.step, **common
            )
        if isinstance(param, LogFloat):
            return st.select_slider(
                label, options=param.grid, format_func=format_func or _fmt_number, **common
            )
        if isinstance(param, Choice):
            # Labels are fixed now, in this run's language: a format_func that calls t() would
            # otherwise be called again later, outside the script run (AppTest does).
            fmt = {c: (format_func or str)(c) for c in param.choices}.__getitem__
            if style == "radio":
                return st.radio(label, param.choices, format_func=fmt, horizontal=True, **common)
            if style == "segmented":
                return st.segmented_control(
                    label, param.choices, format_func=fmt, required=True, **common
                )
            return st.selectbox(label, param.choices, format_func=fmt, **common)
        if isinstance(param, Bool):
            return st.toggle(label, **common)
        if isinstance(param, Text):
            return st.text_input(label, max_chars=param.max_len, **common)
        raise TypeError(f"unknown parameter kind for {name!r}: {param!r}")

    # -- notices and links --------------------------------------------------------------
    def show_notices(self) -> None:
        """``st.warning`` listing link values that were changed (nothing if none)."""
        present.unknown_notice(self.spec)
        notes = st.session_state.get(f"_params.notices.{self.prefix}", [])
        if notes:
            st.warning(
                webui.t("common.params_fixed") + "\n\n" + "\n".join(f"- {n}" for n in notes),
                icon=":material/link_off:",
            )

    def query(self) -> dict[str, str]:
        """The query parameters that reproduce this page (``lang`` first when not English;
        the presenter view's last)."""
        query: dict[str, str] = {}
        if webui.lang() != "en":
            query["lang"] = webui.lang()
        for name, param in self.spec.items():
            query[name] = param.to_url(self[name])
        return query | present.query()

    def share_link(self, *, train_to: int | None = None, note: str | None = None) -> None:
        """A "Share link" button whose popover holds the link (the page's address with every
        setting) as code with a copy button.

        ``train_to``: progress of the page's live run (None: the page has none); when above
        0 a second link trains on open up to it (``train=N``). ``note``: a line on what the
        link does not carry.

        In a popover, not on the page: Streamlit draws ``st.code`` with a large syntax
        highlighter that would be loaded with every page (``benchmarks/README.md``); a
        popover's content (and that code) loads only when it is opened.
        """
        base = ""
        try:
            base = (st.context.url or "").split("?", 1)[0]
        except Exception:  # st.context.url is unavailable outside a browser session
            base = ""
        query = self.query()
        with st.popover(
            webui.t("common.share_link_button"), icon=":material/link:", width="stretch"
        ):
            st.caption(
                webui.t("common.share_link" if train_to is None else "common.share_link_run")
            )
            st.code(_link(base, query), language=None, wrap_lines=True)
            if train_to:
                st.caption(webui.t("common.share_link_train", n=f"{int(train_to):,}"))
                trained = query | {TRAIN_PARAM: str(int(train_to))}
                st.code(_link(base, trained), language=None, wrap_lines=True)
            if note:
                st.caption(note)


def _link(base: str, query: Mapping[str, str]) -> str:
    text = urlencode(dict(query))
    return f"{base}?{text}" if text else base or "/"


def take_train_request(prefix: str) -> int:
    """The share link's ``train=N`` for the page ``prefix`` (0 if none); asked once: the
    request is forgotten after this call."""
    return int(st.session_state.pop(f"_params.train.{prefix}", 0) or 0)


def _read_train(prefix: str) -> list[str]:
    """Keep the link's ``train=N`` for the page's run; notices as for any setting."""
    values, notices = _read_url({TRAIN_PARAM: Int(default=0, min=0, max=TRAIN_MAX)})
    if values.get(TRAIN_PARAM):
        st.session_state[f"_params.train.{prefix}"] = values[TRAIN_PARAM]
    return notices


def _read_url(spec: Spec) -> tuple[dict[str, Any], list[str]]:
    """Parse the share link's values for ``spec``; return values and notices."""
    values: dict[str, Any] = {}
    notices: list[str] = []
    for name, param in spec.items():
        raw_all = st.query_params.get_all(name)
        if not raw_all:
            continue
        raw = raw_all[-1]
        value, changed = param.parse(raw)
        values[name] = value
        if not changed:
            continue
        # The link's text is someone else's: shown as text (a code span), never as Markdown.
        shown, used = webui.literal(raw), webui.literal(param.to_url(value))
        if isinstance(param, Text) and len(raw) > param.max_len:
            notices.append(
                webui.t("common.param_too_long", name=name, value=shown, n=param.max_len, used=used)
            )
        else:
            notices.append(webui.t("common.param_fixed", name=name, value=shown, used=used))
    return values, notices


def sync_url(query: Mapping[str, str]) -> None:
    """Make the address bar hold exactly ``query`` and the presenter view's parameters
    (no write when it already does)."""
    wanted = dict(query) | present.query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def bind(spec: Spec, prefix: str, *, on_change: Callable[[], None] | None = None) -> Bound:
    """Bind a page's settings to session state and the URL; see the module docstring.

    Args:
        spec: ``{name: Int | Float | LogFloat | Choice | Bool}``; names appear in the URL.
        prefix: Page namespace for session-state keys (``"td"`` → ``"td.eta"``).
        on_change: Called after any of these widgets changes (e.g. ``live.pauser(key)``).
    """
    bound = Bound(spec=spec, prefix=prefix, on_change=on_change)
    state = st.session_state
    if _URL_CONSUMED not in state:
        # Only the session's landing page reads the link; later page switches start from
        # what the student set, not from another page's leftover parameters.
        state[_URL_CONSUMED] = True
        values, notices = _read_url(spec)
        notices += _read_train(prefix)
        if state.pop(_LINK_FRESH, False):
            # A link opened from inside the app (open_link): what it leaves out is the default.
            for name in spec.keys() - values.keys():
                state.pop(bound.value_key(name), None)
        for name, value in values.items():
            state[bound.value_key(name)] = value
        if notices:
            state[f"_params.notices.{prefix}"] = notices
    for name, param in spec.items():
        key = bound.value_key(name)
        # Missing (first visit) or tampered-with values fall back to / are kept in range.
        state[key] = param.default if key not in state else param.clamp(state[key])
    state[_BOUND_THIS_RUN] = True
    sync_url(bound.query())
    return bound


def open_link() -> None:
    """Make the next page that binds its settings read them from the address bar, as a
    share link opened in a new session is read, with every setting the link leaves out
    at its default. For a page opened with ``st.switch_page(page, query_params=...)``
    from inside the app (the Lesson opens each step's page so)."""
    st.session_state.pop(_URL_CONSUMED, None)
    st.session_state[_LINK_FRESH] = True


def claim_url(query: Mapping[str, str]) -> None:
    """For a page that writes its own share link instead of :func:`bind`'s: the address
    bar holds ``query``, and the router leaves it there."""
    st.session_state[_BOUND_THIS_RUN] = True
    sync_url(query)


def begin_run() -> None:
    """Router hook before a page runs (resets the 'a page bound its settings' flag)."""
    st.session_state[_BOUND_THIS_RUN] = False


def end_run() -> None:
    """Router hook after a page ran: pages without settings still get a clean URL."""
    st.session_state[_URL_CONSUMED] = True
    st.session_state.pop(_LINK_FRESH, None)  # for the page open_link opened, read or not
    if not st.session_state.get(_BOUND_THIS_RUN):
        sync_url({"lang": webui.lang()} if webui.lang() != "en" else {})
