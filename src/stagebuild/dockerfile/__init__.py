"""Dockerfile front end: parse (``parser``), typed instructions and stages (``instructions``),
word expansion (``shell``), variable scope per stage (``scope``), ``.dockerignore``
(``dockerignore``). The solver's entry points are ``instructions.parse_dockerfile`` and
``scope.StageEnv``.
"""
