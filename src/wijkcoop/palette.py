"""Colours shared by the charts (matplotlib) and the HTML views, without importing matplotlib."""

# Colour-blind-safe (Okabe–Ito) and dark enough for a projector.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
# Background bands for the five levels, light to keep the data readable on top.
BAND_COLOURS = ("#f3e6e6", "#f7efe0", "#f4f4e4", "#e5f1e7", "#dcebf5")
# One colour per level for maps: light (1, Verkennen) to dark (5, Voorbeeldig).
LEVEL_COLOURS = ("#d7e3f4", "#a6c4e6", "#6f9fd4", "#3b73b9", "#1b4a8a")
MISSING_COLOUR = "#eeeeee"
