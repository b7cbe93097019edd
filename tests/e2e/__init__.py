"""Real-browser end-to-end tests: JupyterLab lessons and the published book (chromium)."""
