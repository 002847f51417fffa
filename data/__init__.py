"""Reference data (the town, interests, languages, demo people), installed as the package
`bienvenue_data` (see setup.py); code finds it through web.config.DATA_DIR."""
