"""Property tests of the rules check results, never speed: no Hypothesis deadline (a busy machine is not a bug)."""

from hypothesis import settings

settings.register_profile("rules-no-deadline", deadline=None)
settings.load_profile("rules-no-deadline")
