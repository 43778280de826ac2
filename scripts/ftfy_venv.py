"""The virtualenv in target/ftfy-venv that the ftfy scripts (ftfy_diff.py, compare_ftfy.py) run
ftfy 6.3.1 (and plsfix) in: made and filled on first use."""
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VENV = os.path.join(ROOT, "target", "ftfy-venv")
PY = os.path.join(VENV, "bin", "python")


def ensure(packages=("ftfy==6.3.1",)):
    """Creates the venv if missing and installs `packages` unless they import already."""
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    modules = ", ".join(p.split("==")[0] for p in packages)
    probe = subprocess.run([PY, "-c", "import %s; import ftfy; print(ftfy.__version__)" % modules],
                           capture_output=True, text=True)
    if probe.stdout.strip() != "6.3.1":
        subprocess.run([PY, "-m", "pip", "install", "-q", *packages], check=True)
