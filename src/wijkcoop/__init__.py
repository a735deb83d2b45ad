"""wijkcoop: zelfevaluatie, summerschool and comparison apps for Dutch neighbourhood cooperatives."""

__version__ = "0.1.0"
