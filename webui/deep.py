"""Streamlit parts both deep-RL pages (DQN, REINFORCE) share: presets, divergence note,
greedy playback with the network's view under each frame, weights download and upload.

Torch-free: the trainer arrives inside a :class:`playground.deep_views.LiveTraining`
and is used through its methods (``play_greedy``, ``weights_bytes``, ``load_weights``);
the page passes its ``WeightsError`` class so this module never imports the agents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

import webui
from playground import figures
from playground.deep_views import CartPoleRenderer, LiveTraining, score_caption
from webui import live, params, playback

MB = 1024 * 1024


def presets_row(
    p: params.Bound, run_key: str, presets: Mapping[str, Callable[[], Mapping[str, Any]]]
) -> None:
    """One button per preset; a click pauses the run and sets every widget it names."""

    def use(name: str) -> None:
        live.pause(run_key)
        for key, value in presets[name]().items():
            p.set(key, value)
        st.session_state[f"_{p.prefix}.preset_applied"] = name

    st.caption(webui.t("cartpole_dqn.presets"))
    cols = st.columns(len(presets))
    for col, name in zip(cols, presets, strict=True):
        col.button(
            webui.t(f"cartpole_dqn.preset_{name}"),
            key=f"_{p.prefix}.preset.{name}",
            help=webui.t(f"cartpole_dqn.preset_{name}_help"),
            on_click=use,
            args=(name,),
            width="stretch",
        )
    applied = st.session_state.pop(f"_{p.prefix}.preset_applied", None)
    if applied:
        st.toast(
            webui.t("cartpole_dqn.preset_applied", name=webui.t(f"cartpole_dqn.preset_{applied}"))
        )


def diverged_note(source: LiveTraining | None) -> None:
    """Explain a divergence (the trainer stopped and restored its last good network)."""
    if source is not None and getattr(source.trainer, "diverged_message", None):
        st.warning(webui.t("cartpole_dqn.diverged_explain"), icon=":material/warning:")


def _renderer(env_id: str) -> CartPoleRenderer:
    renderers = st.session_state.setdefault("deep._renderers", {})
    if env_id not in renderers:
        renderers[env_id] = CartPoleRenderer(env_id)
    return renderers[env_id]


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
    st.subheader(webui.t("cartpole_dqn.playback_title"))
    seed = int(seed_widget())
    cache_key = f"{prefix}._playback"
    trainer = source.trainer
    wanted = (id(trainer), trainer.total_steps, trainer.episodes, source.weights_loaded, seed)
    held = st.session_state.get(cache_key)
    if run.is_running:
        if held is None:
            st.caption(webui.t("cartpole_dqn.playback_running"))
            return
    elif held is None or held[0] != wanted:
        held = (wanted, trainer.play_greedy(seed=seed, render=False))
        st.session_state[cache_key] = held
    _, steps, episodes, _, _ = held[0]
    pb = held[1]
    st.caption(
        webui.t(
            "cartpole_dqn.playback_info",
            steps=steps,
            episodes=episodes,
            ret=pb.episode_return,
            length=pb.length,
            end=webui.t(
                "cartpole_dqn.end_truncated" if pb.truncated else "cartpole_dqn.end_terminated"
            ),
        )
    )
    renderer = _renderer(pb.env_id)
    template = webui.t(caption_key).format

    def caption(i: int) -> str:
        action = int(pb.actions[i]) if i < len(pb.actions) else None
        return score_caption(i, pb.action_scores[i], action, template=template, kind=pb.score_kind)

    left, right = st.columns([3, 2])
    with left:
        playback.player(
            f"{prefix}.replay",
            n_frames=len(pb.observations),
            frame=lambda i: renderer.frame(pb.observations[i]),
            caption=caption,
            fps=25,
            gif_name=gif_name,
            width="stretch",
        )
    with right:
        st.plotly_chart(
            figures.action_scores_chart(
                pb.action_scores,
                action_names=(
                    webui.t("cartpole_dqn.action_left"),
                    webui.t("cartpole_dqn.action_right"),
                ),
                x_title=webui.t("cartpole_dqn.axis_t"),
                y_title=webui.t(scores_axis_key),
                title=webui.t(scores_title_key),
                y_range=scores_range,
            ),
            key=f"{prefix}.chart.scores",
        )


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
    st.subheader(webui.t("cartpole_dqn.weights_title"))
    limit_mb = max_bytes / MB
    st.caption(webui.t("cartpole_dqn.weights_help", mb=limit_mb))
    source: LiveTraining | None = run.source
    left, right = st.columns(2)
    with left:
        ready = source is not None and not run.is_running
        st.download_button(
            webui.t("cartpole_dqn.download_weights"),
            data=source.trainer.weights_bytes() if ready else b"",
            file_name=file_name,
            mime="application/octet-stream",
            key=f"_{prefix}.weights.download",
            icon=":material/download:",
            on_click="ignore",
            disabled=not ready,
        )
    with right:
        upload = st.file_uploader(
            webui.t("cartpole_dqn.upload_weights"),
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


def _load(
    run: live.LiveRun,
    upload: Any,
    max_bytes: int,
    error_types: tuple[type[BaseException], ...],
) -> tuple[str, str]:
    name = str(upload.name)
    if upload.size > max_bytes:
        why = webui.t("cartpole_dqn.weights_too_big", mb=upload.size / MB, limit=max_bytes / MB)
        return "error", webui.t("cartpole_dqn.weights_bad", name=name, message=why)
    data = upload.getvalue()
    run.pause()
    if run.status == "error":
        run.reset()  # the diverged run is over; the weights go into a fresh agent
    source: LiveTraining = run.source_now()
    try:
        source.load_weights(data)
    except error_types as exc:
        return "error", webui.t("cartpole_dqn.weights_bad", name=name, message=str(exc))
    return "ok", webui.t("cartpole_dqn.weights_loaded", name=name)
