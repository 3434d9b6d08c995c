# Kept equal to package.json's version by scripts/sync-python-version.mjs; the release check fails otherwise.
__version__ = "0.0.0"
