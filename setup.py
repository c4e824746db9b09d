"""Ship the top-level schema/ folder inside the package (as generator/_schema) in wheels.

Editors and data files refer to the schemas at the top of the repository; an editable
install reads them there, an installed wheel from the copy made here.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithSchemas(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "generator" / "_schema"
        shutil.copytree(Path(__file__).parent / "schema", target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithSchemas})
