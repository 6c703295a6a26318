"""Streamlit parts both deep-RL pages (DQN, REINFORCE) share: presets, divergence note,
greedy playback with the network's view under each frame, weights download and upload.

Torch-free: the trainer arrives inside a :class:`playground.sessions.deep.LiveTraining`
and is used through its methods (``play_greedy``, ``weights_bytes``, ``load_weights``);
the page passes its ``WeightsError`` class so this module never imports the agents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

import webui
from playground.cartpole import cartpole_version
from playground.sessions.deep import LiveTraining, score_caption
from playground.verdicts import deep_verdict
from webui import live, media, params, playback, verdicts
from webui.charts import common as common_charts
from webui.charts import deep as deep_charts
from webui.charts import live_chart, plotly_chart
from webui.held import HeldPlayback

MB = 1024 * 1024
MEAN_WINDOW = 20  # episodes in the return curve's moving average


def presets_row(
    p: params.Bound, run_key: str, presets: Mapping[str, Callable[[], Mapping[str, Any]]]
) -> None:
    """One button per preset; a click pauses the run and sets every widget it names."""

    def use(name: str) -> None:
        live.pause(run_key)
        for key, value in presets[name]().items():
            p.set(key, value)
        st.session_state[f"_{p.prefix}.preset_applied"] = name

    st.caption(webui.t("deep.presets"))
    # One per row: the sidebar is too narrow for two labels side by side.
    for name in presets:
        st.button(
            webui.t(f"deep.preset_{name}"),
            key=f"_{p.prefix}.preset.{name}",
            help=webui.t(f"deep.preset_{name}_help"),
            on_click=use,
            args=(name,),
            width="stretch",
        )
    applied = st.session_state.pop(f"_{p.prefix}.preset_applied", None)
    if applied:
        st.toast(webui.t("deep.preset_applied", name=webui.t(f"deep.preset_{applied}")))


def diverged_note(source: LiveTraining | None) -> None:
    """Explain a divergence (the trainer stopped and restored its last good network)."""
    if source is not None and getattr(source.trainer, "diverged_message", None):
        st.warning(webui.t("deep.diverged_explain"), icon=":material/warning:")


def returns_view(
    run: live.LiveRun,
    text: str,
    *,
    metric: Callable[[Any, Mapping[str, list]], tuple[str, str]],
    x_field: str,
    x_title: str,
) -> bool:
    """The top of both live views: divergence note, five numbers, the "solved" banner and
    the return curve with its moving mean, greedy evaluations and the solved line.

    Args:
        run: The page's live run; its source is the training (``None`` before the
            first start). At "Watch" a greedy episode of the network as it is now is
            played on CartPole above the curve.
        text: The page's text namespace: the chart is titled ``<text>.chart_title`` and
            keyed ``<text>.chart.returns``.
        metric: ``(trainer, history) -> (label, value)`` of the fourth number, the one
            that differs between algorithms (DQN's epsilon, REINFORCE's entropy).
        x_field: History field on the x axis (``"total_steps"`` or ``"episode"``); the
            evaluations are placed on the same field.
        x_title: The x axis title.

    Returns:
        False when nothing was trained yet (an info note was shown instead).
    """
    source: LiveTraining | None = run.source
    with live.slot():
        diverged_note(source)
    if source is None or not source.history["episode"]:
        # Uploaded weights without training yet: say so instead of "nothing trained yet",
        # which would sit beside the "Loaded weights" message and contradict it.
        loaded = source is not None and source.weights_loaded > 0
        key = "deep.loaded_not_trained" if loaded else "deep.not_trained"
        st.info(webui.t(key), icon=":material/info:")
        return False
    trainer = source.trainer
    threshold = float(cartpole_version(trainer.config.env_id).solved_at)
    h, ev = source.history, source.evals
    cols = st.columns(5)
    cols[0].metric(webui.t("deep.metric_episodes"), f"{trainer.episodes:,}")
    cols[1].metric(webui.t("deep.metric_steps"), f"{trainer.total_steps:,}")
    cols[2].metric(
        webui.t("deep.metric_last_eval"),
        f"{ev['mean_return'][-1]:.1f}" if ev["mean_return"] else "–",
        help=webui.t("deep.metric_last_eval_help"),
    )
    cols[3].metric(*metric(trainer, h))
    cols[4].metric(
        webui.t("deep.metric_seconds"),
        webui.t("deep.seconds", s=trainer.train_seconds),
    )
    verdict = deep_verdict(ev["mean_return"], threshold)
    with live.slot():
        if verdict.first_solved is not None:
            i = verdict.first_solved
            steps, episodes = int(ev["total_steps"][i]), int(ev["episode"][i])
            verdicts.deep(verdict, steps=steps, episodes=episodes)
        if run.watching:
            pb = trainer.play_greedy(seed=0, render=False)
            media.play(
                lambda i: playback.cartpole_frame(pb.env_id, pb.observations[i]),
                len(pb.observations),
                seconds=live.WATCH_PERIOD_S,
                caption=webui.t("deep.watch_caption", episodes=trainer.episodes, n=pb.length),
                width=480,
            )
    live_chart(
        common_charts.progress_chart(
            h["episode_return"],
            x=h[x_field],
            x_title=x_title,
            y_title=webui.t("deep.axis_return"),
            title=webui.t(f"{text}.chart_title"),
            raw_name=webui.t("deep.series_return"),
            mean_name=webui.t("deep.series_mean", n=MEAN_WINDOW),
            window=MEAN_WINDOW,
            evaluations=(ev[x_field], ev["mean_return"]),
            evaluation_name=webui.t("deep.series_eval"),
            solved=threshold,
            solved_label=webui.t("deep.solved_line", n=threshold),
            y_max=trainer.env.max_episode_steps,
        ),
        f"{text}.chart.returns",
    )
    return True


def panel(text: str, name: str, x: Any, y: Any, *, axis: str | None = None, **extra: Any) -> dict:
    """One panel of a page's diagnostics (:func:`webui.charts.deep.small_multiples`):
    titled by the text ``<text>.panel_<name>``, its y axis by ``<text>.axis_<axis or
    name>``; ``extra`` are the panel's options (``log_y``, ``range``, ``smooth``, ``hline``)."""
    return {
        "title": webui.t(f"{text}.panel_{name}"),
        "x": x,
        "y": y,
        "y_title": webui.t(f"{text}.axis_{axis or name}"),
        **extra,
    }


def diagnostics(panels: list[dict], *, text: str, x_title: str) -> None:
    """The page's diagnostics panels as one live chart titled ``<text>.diag_title``
    (keyed ``<text>.chart.diagnostics``)."""
    option = deep_charts.small_multiples(
        panels,
        x_title=x_title,
        title=webui.t(f"{text}.diag_title"),
        mean_label=webui.t("common.series_mean_of"),
    )
    live_chart(option, f"{text}.chart.diagnostics")


def buildable(build: Callable[[Mapping[str, Any]], Any], config: Mapping[str, Any]) -> bool:
    """Whether ``build(config)`` succeeds; if not, the reason is shown as an error."""
    with webui.guard(webui.t("deep.build_failed")):
        build(config)
        return True
    return False


def live_run(
    run_key: str,
    start: Callable[[], LiveTraining],
    *,
    total: int,
    config: Mapping[str, Any],
    reset_on: tuple[str, ...],
    labels: Mapping[str, str],
    **kwargs: Any,
) -> live.LiveRun:
    """The page's :class:`webui.live.LiveRun` over a :class:`LiveTraining`, which keeps
    its own history (nothing to record per item) and counts its progress in its unit."""
    run = live.LiveRun(
        run_key,
        start,
        total=total,
        config=config,
        reset_on=reset_on,
        labels=labels,
        record=lambda record: None,
        count=lambda record: run.source.progress(record),
        **kwargs,
    )
    return run


def playback_section(
    prefix: str,
    run: live.LiveRun,
    seed_widget: Callable[[], int],
    *,
    caption_key: str,
    scores_title_key: str,
    scores_axis_key: str,
    scores_range: tuple[float, float] | None = None,
    gif_name: str,
) -> None:
    """A greedy episode of the current network: frames with the two actions' scores under
    each, and the scores along the episode. Recorded (without frames, they are drawn when
    shown) whenever the network changed and the run is not training."""
    source: LiveTraining | None = run.source
    if source is None:
        return
    st.subheader(webui.t("deep.playback_title"))
    seed = int(seed_widget())
    cache_key = f"{prefix}._playback"
    trainer = source.trainer
    wanted = (id(trainer), trainer.total_steps, trainer.episodes, source.weights_loaded, seed)
    held = st.session_state.get(cache_key)
    if not isinstance(held, HeldPlayback):
        held = None
    if run.is_running:
        if held is None:
            st.caption(webui.t("deep.playback_running"))
            return
    elif held is None or held.made_from != wanted:
        held = HeldPlayback(*wanted, episode=trainer.play_greedy(seed=seed, render=False))
        st.session_state[cache_key] = held
    steps, episodes, pb = held.steps, held.episodes, held.episode
    st.caption(
        webui.t(
            "deep.playback_info",
            steps=steps,
            episodes=episodes,
            ret=pb.episode_return,
            length=pb.length,
            end=webui.t("deep.end_truncated" if pb.truncated else "deep.end_terminated"),
        )
    )
    template = webui.t(caption_key).format

    def caption(i: int) -> str:
        action = int(pb.actions[i]) if i < len(pb.actions) else None
        return score_caption(i, pb.action_scores[i], action, template=template, kind=pb.score_kind)

    left, right = st.columns([3, 2])
    with left:
        playback.player(
            f"{prefix}.replay",
            n_frames=len(pb.observations),
            frame=lambda i: playback.cartpole_frame(pb.env_id, pb.observations[i]),
            caption=caption,
            fps=25,
            gif_name=gif_name,
            width="stretch",
            source=held.made_from,
            words=False,
        )
    with right:
        plotly_chart(
            deep_charts.action_scores_chart(
                pb.action_scores,
                action_names=(
                    webui.t("deep.action_left"),
                    webui.t("deep.action_right"),
                ),
                x_title=webui.t("deep.axis_t"),
                y_title=webui.t(scores_axis_key),
                title=webui.t(scores_title_key),
                y_range=scores_range,
            ),
            key=f"{prefix}.chart.scores",
        )


def _no_bytes() -> bytes:
    return b""


def weights_section(
    prefix: str,
    run: live.LiveRun,
    *,
    file_name: str,
    max_bytes: int,
    error_types: tuple[type[BaseException], ...],
) -> None:
    """Download the network's weights; upload a file to watch it or to continue training.

    An upload is read once (by its file id): the bytes go to ``load_weights``, which
    validates them and reads tensors only (``weights_only=True``). A refused file leaves
    the agent as it was and says why.
    """
    st.subheader(webui.t("deep.weights_title"))
    limit_mb = max_bytes / MB
    st.caption(webui.t("deep.weights_help", mb=limit_mb))
    source: LiveTraining | None = run.source
    left, right = st.columns(2)
    with left:
        ready = source is not None and not run.is_running
        st.download_button(
            webui.t("deep.download_weights"),
            # A callable: the bytes are made on click, so a redraw never leaves the
            # browser holding the URL of a file the server has already dropped (404).
            # Before that, a callable too: b"" would be stored as a media file that the next
            # rerun drops, and the disabled button's source then answers 404.
            data=source.trainer.weights_bytes if ready else _no_bytes,
            file_name=file_name,
            mime="application/octet-stream",
            key=f"_{prefix}.weights.download",
            icon=":material/download:",
            on_click="ignore",
            disabled=not ready,
        )
    with right:
        upload = st.file_uploader(
            webui.t("deep.upload_weights"),
            type=["pt", "pth", "bin"],
            key=f"_{prefix}.weights.upload",
            max_upload_size=max(1, round(limit_mb)),
        )
    done_key, message_key = f"{prefix}._upload_done", f"{prefix}._upload_message"
    if upload is not None and st.session_state.get(done_key) != upload.file_id:
        st.session_state[done_key] = upload.file_id
        st.session_state[message_key] = _load(run, upload, max_bytes, error_types)
        if st.session_state[message_key][0] == "ok":
            st.rerun()  # redraw the playback above with the loaded network
    if upload is None:
        st.session_state.pop(done_key, None)
        st.session_state.pop(message_key, None)
    message = st.session_state.get(message_key)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(
            text, icon=":material/check_circle:" if kind == "ok" else ":material/error:"
        )


SHOWN_NAMES = 6  # layer names listed in a "layers do not match" message; more become "…"


def _names(names: list[str]) -> str:
    shown = [webui.literal(n) for n in names[:SHOWN_NAMES]]
    return ", ".join(shown + (["…"] if len(names) > SHOWN_NAMES else []))


def refusal(exc: BaseException) -> str:
    """Why a weights file was refused, in the page's language, from the ``WeightsError``'s
    ``reason`` and ``details`` (never from its English message or torch's text). Names
    from the file are shown as text (:func:`webui.literal`)."""
    reason, details = getattr(exc, "reason", "damaged"), dict(getattr(exc, "details", {}))
    if reason == "too_big":
        return webui.t("deep.weights_too_big", mb=details["size"] / MB, limit=details["limit"] / MB)
    if reason == "unpacks_too_big":
        return webui.t(
            "deep.weights_why_unpacks_too_big",
            unpacked_mb=details["unpacked"] / MB,
            budget_kb=details["budget"] / 1024,
        )
    if reason == "layers":
        missing, unexpected = details["missing"], details["unexpected"]
        return webui.t(
            "deep.weights_why_layers",
            missing=webui.t("deep.weights_missing", names=_names(missing)) if missing else "",
            unexpected=webui.t("deep.weights_unexpected", names=_names(unexpected))
            if unexpected
            else "",
        )
    if "key" in details:
        details["key"] = webui.literal(details["key"])
    return webui.t(f"deep.weights_why_{reason}", **details)


def _load(
    run: live.LiveRun,
    upload: Any,
    max_bytes: int,
    error_types: tuple[type[BaseException], ...],
) -> tuple[str, str]:
    # The file's name is the uploader's text: shown as text, never as Markdown.
    name = webui.literal(upload.name)
    if upload.size > max_bytes:
        why = webui.t("deep.weights_too_big", mb=upload.size / MB, limit=max_bytes / MB)
        return "error", webui.t("deep.weights_bad", name=name, message=why)
    data = upload.getvalue()
    run.pause()
    if run.status == "error":
        run.reset()  # the diverged run is over; the weights go into a fresh agent
    source: LiveTraining = run.source_now()
    try:
        source.load_weights(data)
    except error_types as exc:
        return "error", webui.t("deep.weights_bad", name=name, message=refusal(exc))
    return "ok", webui.t("deep.weights_loaded", name=name)
