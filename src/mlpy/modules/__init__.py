"""The module system: finding, loading, caching and reloading what ML code imports.

Layout (each file one job):

- ``decorators``: ``@ml_module`` / ``@ml_function`` / ``@ml_class``, the extension authoring contract
  (the metadata itself is ``mlpy.runtime.metadata``, which the runtime's dispatcher reads);
- ``discovery`` (finding extension files without running them), ``views`` (what one run's paths make
  visible), ``ml_files`` (finding ML module files, compiling each once);
- ``extension_loader`` (running an extension file under a private name), ``objects`` (the module
  values ML code holds), ``registry`` (the process-wide cache of loaded modules), ``reloader``
  (transactional reload), ``monitor`` (load timings and memory, for development mode);
- ``session`` (per-run state on the ``ExecutionContext``), ``importer`` (``import`` at run time),
  ``checks`` (``import`` at compile time), ``system`` (the runtime's ``Importer`` implementation);
- ``bridge_support``: argument checks and conversions shared by the standard-library bridges.

Importing this package installs ``system.MODULE_SYSTEM`` as the runtime's default importer; the
rest loads on first use.
"""

from __future__ import annotations

from mlpy.modules.system import install

install()

__all__ = ["install"]
