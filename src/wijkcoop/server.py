"""Voilà as `wijkcoop serve` runs it: `python -m wijkcoop.server [voila options]`.

Voilà itself, plus what a shared server needs and Voilà does not do by default:

- **The page can stop its own kernel.** When a tab closes, Voilà's page posts to
  `/voila/api/shutdown/<kernel>` with the `_xsrf` value it reads from the `_xsrf` cookie. Voilà's page
  handler never creates that cookie (Tornado only sets it when a handler asks for the token), so the
  request was refused with "403 '_xsrf' argument missing from POST" and every page view left a kernel
  running. Here the page handler asks for the token, which sets the cookie; the shutdown then passes
  the normal XSRF check (nothing is switched off).
- Culling of kernels whose page is gone is configured on the command line (`serve.voila_command`).
"""

from __future__ import annotations

import inspect
import sys


def patch_voila() -> None:
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_wijkcoop_patched", False):
        return
    original_prepare = VoilaHandler.prepare

    async def prepare(self):
        result = original_prepare(self)
        if inspect.isawaitable(result):
            await result
        # Reading the token sets the `_xsrf` cookie that the page's shutdown request sends back.
        self.xsrf_token  # noqa: B018

    VoilaHandler.prepare = prepare
    VoilaHandler._wijkcoop_patched = True


def main(argv: list[str] | None = None) -> None:
    patch_voila()
    from voila.app import Voila

    Voila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
