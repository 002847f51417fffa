"""Build script. Everything is declared in setup.cfg except which packages ship.

setup.cfg cannot give a found directory another package name, and the reference data must
ship with the code: data/ (the town, interests, languages) stays at the top of the
repository and is installed as the package `bienvenue_data`, which web.config reads with
importlib.resources, from a wheel as from the editable install.
"""
from setuptools import find_namespace_packages, setup

setup(
    packages=find_namespace_packages(include=["matcher*", "web*", "jobs*"]) + [
        "bienvenue_data", "bienvenue_data.towns"],
    package_dir={"bienvenue_data": "data"},
)
