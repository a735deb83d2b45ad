"""Helpers every app shares: friendly error handling and the language switch."""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .. import config
from ..i18n import number, t

if TYPE_CHECKING:
    from ..access import Access
    from ..context import Context

log = logging.getLogger("wijkcoop.apps")


def language_switch(lang: str) -> widgets.ToggleButtons:
    """The page's language; the page's script sets <html lang> from it (static/wijkcoop.js)."""
    switch = widgets.ToggleButtons(
        options=[("Nederlands", "nl"), ("English", "en")],
        value=config.language(lang),
        style={"button_width": "7rem"},
        layout=widgets.Layout(margin="0 0 .75rem 0"),
    )
    switch.add_class("language-switch")
    return switch


def set_options(dropdown: widgets.Dropdown, options: list) -> None:
    """New options, keeping the current choice when it is still there, else the first option.

    (A dropdown whose value is None shows an empty box in the browser, as if nothing were there.)
    """
    keep = dropdown.value
    dropdown.options = options
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    dropdown.value = keep if keep in values else (values[0] if values else None)


class Choice:
    """A dropdown bound to one trait of an app's state object.

    What the person picks goes into the state, then `picked` runs (the view redraws once). The app
    shows new options with `show`; that is not a pick, so it neither writes the state nor redraws.
    """

    def __init__(self, dropdown: widgets.Dropdown, state: object, name: str, picked: Callable[[], None]):
        self.dropdown, self.state, self.name, self.picked = dropdown, state, name, picked
        dropdown.observe(self._picked, names="value")

    def _picked(self, change) -> None:
        setattr(self.state, self.name, change["new"])
        self.picked()

    def show(self, options: list, value: object) -> None:
        with quietly(self.dropdown, self._picked):
            if list(self.dropdown.options) != list(options):
                self.dropdown.options = options
            values = [o[1] if isinstance(o, tuple) else o for o in options]
            self.dropdown.value = value if value in values else (values[0] if values else None)


@contextlib.contextmanager
def quietly(widget: widgets.Widget, handler: Callable | None, name: str = "value"):
    """Change a widget's options or value from the app without its observer taking it for the person's
    input (new option labels in another language are not an answer)."""
    if handler is None:
        yield
        return
    widget.unobserve(handler, names=name)
    try:
        yield
    finally:
        widget.observe(handler, names=name)


class Page:
    """One tab of an app: built when first shown (a page loads fast), refreshed each time it is shown,
    relabelled when the language changes. Every app's tabs follow this protocol."""

    widget: widgets.Widget
    built = False

    def build(self) -> None:
        """Make the tab's widgets (called once, when first shown)."""

    def refresh(self) -> None:
        """Read the store again and redraw."""

    def relabel(self) -> None:
        """Texts in the current language."""

    def ensure(self) -> None:
        """Build once (marked built first: a widget made in `build` may already call back).

        The tab is hidden while it is built and labelled: the browser draws each new widget as soon as it
        arrives, and on a busy server the words can follow seconds later (a button or a field without a
        name, for a screen reader and for the eye)."""
        if not self.built:
            self.built = True
            shown = self.widget.layout.display
            self.widget.layout.display = "none"
            try:
                self.build()
                self.relabel()
            finally:
                self.widget.layout.display = shown

    def show(self) -> None:
        self.ensure()
        self.refresh()


class AppBase:
    """What every app page shares: its language, its texts and the guard around callbacks.

    Subclasses set `self.language` (the switch) and `self.status` (where a friendly error shows).
    """

    language: widgets.ToggleButtons
    status: widgets.HTML
    context: Context

    @property
    def access(self) -> Access:
        """Who this page's person is and what they may do (access.py)."""
        return self.context.access

    @property
    def lang(self) -> str:
        return self.language.value if self.language.value in config.LANGUAGES else "nl"

    def t(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    def guard(self, fn):
        """No traceback reaches the page: log it, show a friendly line."""
        return friendly(self.status, lambda: self.lang)(fn)

    def show_left_out(self, store) -> None:
        """After a page read the store: say which rows it left out (a damaged line, a file a
        spreadsheet re-saved), counted per file, unless an error is showing."""
        notice = store.notice(self.lang)
        if "wijkcoop-error" in self.status.value:
            return
        self.status.value = (
            f'<div class="wijkcoop-notice" role="status">{html.escape(notice)}</div>' if notice else ""
        )

    def permitted(self, allowed: bool, action: str, where: widgets.HTML, **what: object) -> bool:
        """The server's check before an action (a page offers only what is allowed, but a browser can
        send anything): False, with the refusal shown in `where` and logged, when it is not allowed."""
        from ..problems import Refused

        try:
            self.access.require(allowed, action, **what)
            return True
        except Refused as exc:
            where.value = error_html(exc.format(self.lang))
            return False

    def check_storage(self, context) -> None:
        """At start-up: say plainly when nothing can be saved (a read-only or foreign data folder)."""
        problem = context.storage_problem
        if problem is not None:
            self.status.value = error_html(problem.format(self.lang))


FAILED = object()  # what `attempt` returns when it showed a problem instead


class Once:
    """A button that writes, made safe to press twice.

    A double click, a slow network or a crafted burst delivers the same click message more than once.
    The kernel handles messages one at a time, so disabling the button in the browser cannot stop a
    second click that is already on its way; the check has to be here, on the server:

    - while the action runs, the button is disabled (the browser stops sending clicks);
    - after it succeeded (the action returns True), the request is *spent*: further clicks change
      nothing until one of the form's inputs changes (`watch`), which makes it a new request; with
      `cooldown`, a button without inputs (a toggle) takes a new click only after that many seconds;
    - a click on a button the app has disabled is ignored as well: the browser can send it anyway.
    Ignored clicks are logged on the server, never shown as an error.
    """

    def __init__(
        self,
        button: widgets.Button,
        action: Callable[[], object],
        guard: Callable[[Callable], Callable],
        cooldown: float | None = None,
    ):
        self.button, self.action, self.cooldown = button, action, cooldown
        self.busy = False
        self.spent = False
        self.held = False
        self._done_at = 0.0
        self._run = guard(self._act)
        button.on_click(self._click)

    def watch(self, *inputs: widgets.Widget) -> Once:
        """Any change of these inputs makes the next click a new request."""
        for widget in inputs:
            widget.observe(lambda _: self.fresh(), names="value")
        return self

    def fresh(self) -> None:
        if self.spent and not self.busy:
            self.spent = False
            self._show()

    def hold(self, held: bool) -> None:
        """The app's own reason to keep the button disabled (for example: answers still missing)."""
        self.held = bool(held)
        self._show()

    def _show(self) -> None:
        self.button.disabled = self.busy or self.held or (self.spent and self.cooldown is None)

    def _click(self, _button) -> None:
        if self.spent and self.cooldown is not None and time.monotonic() - self._done_at >= self.cooldown:
            self.fresh()
        if self.busy or self.spent or self.held or self.button.disabled:
            log.info("click on %r ignored (busy, already done, or disabled)", self.button.description)
            return
        self._run()

    def _act(self) -> None:
        self.busy = True
        self._show()
        ok = False
        try:
            ok = self.action() is True
        finally:
            self.busy = False
            if ok:
                self.spent = True
                self._done_at = time.monotonic()
            self._show()


class TwoStep:
    """A change that cannot be undone, in two steps: a button shows what would go; only then does a red
    second button appear, and it does exactly what was shown.

    `look(view)` writes what would change into `view` and returns a key for it (None: nothing to do, or
    refused; its message is in `view`). `act(key, view)` does it and writes the outcome (True when done).
    When the red button is pressed, `look` runs again on the server: a different key (the data changed, or
    another person was chosen) shows the new list with `changed` above it instead of acting. A click on the
    hidden button does nothing (the browser can send it); `withdraw` takes the offer back.
    """

    def __init__(
        self,
        css: str,
        look: Callable[[widgets.HTML], object],
        act: Callable[[object, widgets.HTML], bool | None],
        guard: Callable[[Callable], Callable],
        changed: Callable[[], str],
    ):
        self.look, self.act, self.changed = look, act, changed
        self.show = widgets.Button(layout=widgets.Layout(width="16rem"))
        self.show.add_class(f"{css}-show")
        self.view = widgets.HTML()
        self.view.add_class(f"{css}-view")
        self.apply = widgets.Button(
            button_style="danger", layout=widgets.Layout(width="16rem", display="none")
        )
        self.apply.add_class(f"{css}-apply")
        self.shown: object = None
        self.once = Once(self.apply, self._act, guard)
        self.show.on_click(guard(lambda _: self.offer()))
        self.widgets = [self.show, self.view, self.apply]

    def withdraw(self, message: str = "") -> None:
        self.shown = None
        self.apply.layout.display = "none"
        self.view.value = message

    def offer(self) -> None:
        self.withdraw()
        key = self.look(self.view)
        if key is None:
            return
        self.shown = key
        self.once.fresh()
        self.apply.layout.display = None

    def _act(self) -> bool | None:
        if self.shown is None:
            return None
        shown = self.shown
        key = self.look(self.view)
        if key != shown:
            self.withdraw(self.view.value)
            if key is not None:
                self.view.value = error_html(self.changed()) + self.view.value
                self.shown = key
                self.apply.layout.display = None
            return None
        if not self.act(key, self.view):
            return None
        self.shown = None
        self.apply.layout.display = "none"
        return True


def attempt(action: Callable[[], object], message: widgets.HTML, lang: str, located: bool = False) -> object:
    """Run a save; if the input has problems or the store is busy, say so in `message` (nothing saved).

    A service's refusal shows its reasons; the store's problems show where (`located`) and what.
    """
    from ..problems import ProblemsError, Refused, StorageError
    from ..store import StoreBusy

    try:
        return action()
    except Refused as exc:
        message.value = error_html(exc.format(lang))
    except ProblemsError as exc:
        if located:
            message.value = error_html(exc.format(lang))
            return FAILED
        message.value = error_html("\n".join(p.message(lang) for p in exc.problems))
    except (StoreBusy, StorageError) as exc:
        message.value = error_html(exc.format(lang))
    return FAILED


def friendly(status: widgets.HTML, lang: Callable[[], str]):
    """Decorate a callback so no traceback ever reaches the page: log it, show a plain message."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            from ..problems import StorageError, storage_error

            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                refused = exc if isinstance(exc, StorageError) else None
                if isinstance(exc, OSError):  # a lock file in a read-only folder, say
                    refused = storage_error(exc, exc.filename or "")
                if refused is None:
                    log.exception("error in %s", fn.__qualname__)
                    status.value = error_html(t("app.error", lang()))
                else:  # a full disk, a read-only folder: say so plainly, nothing was saved
                    log.warning("%s: %s", fn.__qualname__, exc)
                    status.value = error_html(refused.format(lang()))
                return None

        return inner

    return wrap


def local_time(iso: object, lang: str = "nl") -> str:
    """A stored UTC moment as the time on a Dutch wall clock (the same everywhere the kit shows one)."""
    from ..i18n import Locale

    return Locale(lang).moment(iso)


class LengthCounter:
    """'123 / 2000 tekens' under a text field; red, with a plain warning, once the text is too long.

    The browser cannot be trusted to stop at a length, so the limit is checked again on saving; this
    only makes it visible while typing, so a long text is never cut off without a word.
    """

    def __init__(self, field: widgets.Widget, max_len: int, lang: Callable[[], str]):
        self.field, self.max_len, self.lang = field, max_len, lang
        self.widget = widgets.HTML()
        self.widget.add_class("length-counter")
        field.observe(lambda _: self.show(), names="value")
        self.show()

    def show(self) -> None:
        n = len(self.field.value or "")
        if n > self.max_len:
            text = t("form.too_long_count", self.lang(), n=n, max=self.max_len)
            self.widget.value = f"<small class='too-long' role='alert'>{html.escape(text)}</small>"
        elif n:
            text = t("form.count", self.lang(), n=n, max=self.max_len)
            self.widget.value = f"<small class='wijkcoop-note'>{html.escape(text)}</small>"
        else:
            self.widget.value = ""


def error_html(message: str) -> str:
    lines = "<br>".join(html.escape(line) for line in message.splitlines())
    return f'<div class="wijkcoop-error" role="alert">{lines}</div>'


def wait_for_request() -> None:
    """With a preheated Voilà kernel, pause until a person opens the page, so data is read fresh.

    The same small protocol as `voila.utils.wait_for_request` (the server sends the page request's
    environment, once, over a websocket at `voila/query/<kernel id>`), without importing that module:
    it pulls in the whole Jupyter server, 46 MB and about 2 s in every preheated kernel, which is a
    third of a participant page's memory. Only a preheated kernel waits.
    """
    import os

    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    import asyncio
    import json
    import threading

    import websockets

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = f"{protocol}://{ip}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    received: dict[str, str] = {}

    async def receive() -> None:
        async with websockets.connect(url, open_timeout=5, max_size=2**20) as socket:
            message = await socket.recv()
            received["info"] = message if isinstance(message, str) else message.decode()

    def listen() -> None:  # a loop of its own: the kernel's is busy running this cell
        try:
            asyncio.run(receive())
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            log.warning("no page request from %s: %s", url, exc)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    thread.join()
    try:
        info = json.loads(received.get("info", "{}"))
    except ValueError:
        info = {}
    for key, value in info.items():
        if isinstance(key, str) and isinstance(value, str):
            os.environ[key] = value


def keep_errors_on_the_server() -> None:
    """Log records from this kernel go to the server's log, never to the page.

    Without a handler, Python's last-resort handler writes warnings and errors to `sys.stderr`, which in
    a kernel is sent to the browser: a crafted widget message (an index out of range, a wrong type)
    then sent a traceback with the server's file paths over the websocket. The real stderr of the
    kernel process ends up in the server's log.
    """
    import os
    import sys

    root = logging.getLogger()
    if any(getattr(h, "_wijkcoop", False) for h in root.handlers):
        return
    # ipykernel forwards what is written to file descriptor 2 to the page as well; it keeps a copy of the
    # original descriptor, which is the server's log.
    original = getattr(sys.stderr, "_original_stdstream_copy", None)
    stream = os.fdopen(os.dup(original), "w", buffering=1) if original is not None else sys.__stderr__
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("[kernel %(name)s] %(levelname)s %(message)s"))
    handler._wijkcoop = True  # type: ignore[union-attr]  # marks the kit's own handler
    root.addHandler(handler)
    for name in ("Comm", "ipykernel.comm", "comm", "traitlets"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    # ipywidgets shows an error in a widget message (a crafted value) with IPython's showtraceback, which
    # sends the traceback to the page. Log it here instead.
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:

        def showtraceback(*args, **kwargs) -> None:
            log.warning("a widget message was refused", exc_info=True)

        shell.showtraceback = showtraceback


def build(factory: Callable[[], Any], lang: str | None = None) -> widgets.Widget:
    """Build an app for a notebook; if that fails, show a plain message instead of a traceback.

    Content the user can break (the groeimodel YAML, module files) gets its located problems listed;
    anything else is logged for the administrator.
    """
    from ..access import NoAccess
    from ..problems import ProblemsError

    keep_errors_on_the_server()
    lang = config.language(lang)
    try:
        return factory().widget
    except NoAccess as exc:
        log.warning("no access for %r", exc.user)
        message = t("access.none", lang, user=exc.user)
        notice = f'<div class="wijkcoop-notice no-access" role="status">{html.escape(message)}</div>'
        return widgets.HTML(notice)
    except ProblemsError as exc:
        log.error("content problems:\n%s", exc.format(lang))
        return widgets.HTML(error_html(t("app.content_error", lang) + "\n" + exc.format(lang)))
    except Exception:
        log.exception("could not build the app")
        return widgets.HTML(error_html(t("app.error", lang)))


MIME = {
    "pdf": "application/pdf",
    "png": "image/png",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download_links(files: dict[str, bytes], labels: dict[str, str] | None = None) -> str:
    """HTML links that download each file from the page itself (data: URLs; no file is served)."""
    import base64

    links = []
    for filename, data in files.items():
        kind = filename.rsplit(".", 1)[1]
        href = f"data:{MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}"
        css = "download download-" + filename.rsplit(".", 1)[0].rsplit("-", 1)[-1]
        label = (labels or {}).get(filename, filename)
        links.append(
            f"<a class='{css}' download='{html.escape(filename)}' href='{href}' "
            f"style='margin-right:1.2rem'>{html.escape(label)}</a>"
        )
    return f"<p>{''.join(links)}</p>"


class ChartView(widgets.VBox):
    """A chart for everyone: the picture (a PNG, sent to the browser as binary, not as text), a short
    text alternative that the page's script puts in the image's `alt` (static/wijkcoop.js), and the
    chart's numbers as a table that a screen reader reads and anyone can open ("De cijfers")."""

    def __init__(self, css: str, max_width: str = "100%"):
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class(css)
        self.alt = widgets.HTML()
        self.alt.add_class("chart-alt")
        self.numbers = widgets.HTML()
        self.numbers.add_class("chart-numbers")
        super().__init__([self.image, self.alt, self.numbers], layout=widgets.Layout(max_width=max_width))
        self.add_class("chart")

    @property
    def value(self) -> bytes:
        return self.image.value

    def clear(self) -> None:
        self.image.value = b""
        self.alt.value = self.numbers.value = ""

    def show(self, png: bytes, alt: str, table: str = "", summary: str = "") -> None:
        """The picture (PNG bytes), what it shows in one or two sentences, and an HTML table of its
        numbers (opened by `summary`, e.g. "De cijfers van deze grafiek")."""
        self.image.value = png
        self.alt.value = html.escape(alt)
        self.numbers.value = (
            f"<details><summary>{html.escape(summary)}</summary>{table}</details>" if table else ""
        )


def numbers_table(
    caption: str, head: Sequence[object], rows: Sequence[Sequence[object]], lang: str = "nl"
) -> str:
    """A small table with a caption and header cells, for a chart's numbers (first column: row names);
    decimals with one digit, a comma in Dutch, "–" where there is no number."""
    e = html.escape

    def cell(value: object) -> str:
        if value is None or isinstance(value, float):
            return number(value, lang)
        return e(str(value))

    top = "".join(f"<th scope='col'>{e(str(h))}</th>" for h in head)
    body = "".join(
        f"<tr><th scope='row'>{cell(r[0])}</th>" + "".join(f"<td>{cell(v)}</td>" for v in r[1:]) + "</tr>"
        for r in rows
    )
    return f"<table class='chart-table'><caption>{e(caption)}</caption><tr>{top}</tr>{body}</table>"
