"""The course as users meet it: a real JupyterLab server driven by headless Chromium."""
