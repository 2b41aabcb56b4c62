"""Idle auto-lock: after `Settings.auto_lock_minutes` without input, lock the vault.

While meeting mode is open the limit is `Settings.meeting_lock_minutes` (default 15): at the
table the chair listens for minutes without touching the laptop. A 60-second countdown comes
first (any key, click or mouse movement cancels it). The machine sleeping is
caught by the wall clock: the monotonic clock stops during suspend on most systems, the
wall clock does not, so whichever shows the longer idle time counts. Where Qt exposes it,
the operating system's own signals also lock at once: the application being suspended
(`QGuiApplication.applicationStateChanged`), and on Linux desktops the screen saver or
screen lock becoming active and the system preparing to sleep (D-Bus).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from casustafel.domain.settings import Settings
from casustafel.i18n import _

from .session import AppSession

WARNING_SECONDS = 60

# The input that counts as "someone is at the keyboard". Paint, timer and focus events
# do not: a window repainting itself must not keep the vault open.
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)

REASON_IDLE = _("De kluis is vergrendeld na {minutes} minuten zonder activiteit.")
REASON_SLEPT = _("De kluis is vergrendeld: de computer heeft langer stilgestaan dan toegestaan.")
REASON_SYSTEM = _(
    "De kluis is vergrendeld omdat het scherm werd vergrendeld of de slaapstand begon."
)


class Clock(Protocol):
    """Where the auto-lock reads time; tests pass a `ManualClock`."""

    def monotonic(self) -> float: ...

    def wall(self) -> float: ...


class SystemClock:
    """The real clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()


class ManualClock:
    """A clock that only moves when told to: idle time without waiting for it."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._mono = 0.0
        self._wall = start

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Time passes while the machine is awake."""
        self._mono += seconds
        self._wall += seconds

    def sleep_machine(self, seconds: float) -> None:
        """The machine is suspended: only the wall clock moves."""
        self._wall += seconds


class AutoLock(QObject):
    """Watches user input for one session and locks it when idle too long.

    Signals:
        warning(seconds_left): emitted every tick during the last 60 seconds.
        warning_cancelled(): input arrived during the warning.
        auto_locked(reason): the session was locked by this watcher (Dutch text for the user).
    """

    warning = Signal(int)
    warning_cancelled = Signal()
    auto_locked = Signal(str)

    def __init__(
        self,
        session: AppSession,
        minutes: int,
        clock: Clock | None = None,
        tick_ms: int = 1000,
        parent: QObject | None = None,
        *,
        meeting_minutes: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._clock: Clock = clock or SystemClock()
        self._minutes = Settings(auto_lock_minutes=minutes).auto_lock_minutes  # validates 2–15
        self._meeting_minutes = Settings(
            meeting_lock_minutes=meeting_minutes or Settings().meeting_lock_minutes
        ).meeting_lock_minutes
        self._in_meeting = False
        self._warning = False
        self._mark_activity()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)
        session.locked.connect(self._on_session_locked)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._on_application_state_changed)  # type: ignore[attr-defined]
        self._connect_system_signals()
        self._timer.start()

    # -- configuration -------------------------------------------------------------------

    @property
    def minutes(self) -> int:
        """The limit that applies now (the meeting limit while meeting mode is open)."""
        return self._meeting_minutes if self._in_meeting else self._minutes

    @property
    def in_meeting(self) -> bool:
        return self._in_meeting

    def set_meeting_minutes(self, minutes: int) -> None:
        """Change the meeting limit (5–60, validated like `Settings`)."""
        self._meeting_minutes = Settings(meeting_lock_minutes=minutes).meeting_lock_minutes

    def set_meeting_mode(self, on: bool) -> None:
        """Meeting mode opened (on) or every meeting window closed (off)."""
        self._in_meeting = on

    def set_minutes(self, minutes: int) -> None:
        """Change the limit (2–15, validated like `Settings`); counts from the last input."""
        self._minutes = Settings(auto_lock_minutes=minutes).auto_lock_minutes

    @property
    def limit_seconds(self) -> float:
        return self.minutes * 60.0

    # -- activity --------------------------------------------------------------------------

    def _mark_activity(self) -> None:
        self._last_mono = self._clock.monotonic()
        self._last_wall = self._clock.wall()

    def idle_seconds(self) -> float:
        """Idle time by whichever clock shows more (the wall clock also counts sleep)."""
        return max(
            self._clock.monotonic() - self._last_mono, self._clock.wall() - self._last_wall, 0.0
        )

    def register_activity(self) -> None:
        """Input arrived: restart the count and cancel a warning."""
        self._mark_activity()
        if self._warning:
            self._warning = False
            self.warning_cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY_EVENTS:
            self.register_activity()
        return False

    # -- deciding ----------------------------------------------------------------------------

    @Slot()
    def check(self) -> None:
        """One tick: count down in the last 60 seconds, lock at the limit."""
        if self._session.is_locked:
            return
        mono_idle = self._clock.monotonic() - self._last_mono
        idle = self.idle_seconds()
        left = self.limit_seconds - idle
        if left <= 0:
            slept = idle - mono_idle > 1.0
            reason = REASON_SLEPT if slept else REASON_IDLE.format(minutes=self.minutes)
            self._lock(reason)
        elif left <= WARNING_SECONDS:
            self._warning = True
            self.warning.emit(max(1, round(left)))

    def _lock(self, reason: str) -> None:
        if self._session.is_locked:
            return
        self._session.lock()
        self.auto_locked.emit(reason)

    @Slot()
    def _on_session_locked(self) -> None:
        self._timer.stop()
        self._warning = False
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @Slot(Qt.ApplicationState)
    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self._lock(REASON_SYSTEM)

    # -- operating-system signals (Linux desktops, through D-Bus) ------------------------

    def _connect_system_signals(self) -> None:
        # Best effort: without a session or system bus (Windows, macOS, CI) this does nothing;
        # the idle timer and the wall-clock check still apply everywhere. The screen-saver
        # signal is matched from any sender: GNOME, KDE and others each own their own name.
        with contextlib.suppress(ImportError, RuntimeError, ValueError):
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection

            # PySide accepts the slot as the str SLOT() returns; its stubs say bytes.
            session_bus: Any = QDBusConnection.sessionBus()
            if session_bus.isConnected():
                for path, interface in (
                    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
                    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
                ):
                    session_bus.connect(
                        "",
                        path,
                        interface,
                        "ActiveChanged",
                        self,
                        SLOT("_on_screen_saver_active_changed(bool)"),
                    )
            system_bus: Any = QDBusConnection.systemBus()
            if system_bus.isConnected():
                system_bus.connect(
                    "org.freedesktop.login1",
                    "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager",
                    "PrepareForSleep",
                    self,
                    SLOT("_on_prepare_for_sleep(bool)"),
                )

    @Slot(bool)
    def _on_screen_saver_active_changed(self, active: bool) -> None:
        if active:
            self._lock(REASON_SYSTEM)

    @Slot(bool)
    def _on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self._lock(REASON_SYSTEM)
