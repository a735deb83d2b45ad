"""The kit's rules, each defined once: ids, rounds, level bands, session codes, folder names.

Everything else imports them from here. No pandas, no content: a rule is a constant or a small
function on plain values, so the store, the services and the importer can share it cheaply.
"""

from __future__ import annotations

from datetime import date

# -- ids --------------------------------------------------------------------------------------------
ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,59}"  # cooperative ids: lowercase, digits, hyphens
GOAL_ID_PATTERN = r"G[0-9]{1,2}"  # a summerschool module's learning goal: G1, G2, …

# -- rounds -----------------------------------------------------------------------------------------
# Half-yearly rounds: 2026-1 (January–June), 2026-2 (July–December). [0-9], not \d: \d also takes
# Arabic-Indic digits.
ROUND_PATTERN = r"20[0-9][0-9]-[12]"


def round_for_date(day: date) -> str:
    """The half-year round a date falls in."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"


# -- level bands ------------------------------------------------------------------------------------
# A dimension score (mean of 1–5 answers) falls in level n when it is at least LEVEL_LOWER_BOUNDS[n-1].
LEVEL_LOWER_BOUNDS = (1.0, 1.8, 2.6, 3.4, 4.2)


# The target level is content, not code: `target_level` in zelfevaluatie/groeimodel.yaml.
TARGET_ROUNDS = 6  # three years of half-yearly rounds to reach it ("volwassen")

# -- session codes ----------------------------------------------------------------------------------
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed on a phone
CODE_LENGTH = 6
SESSION_CODE_PATTERN = f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}"

# -- files in the data folder -----------------------------------------------------------------------
SECRET_FILE = ".pseudoniem-sleutel"  # the key behind Vergelijken's pseudonyms
DRAFTS_DIR = "concepten"  # one JSON draft per person filling in
