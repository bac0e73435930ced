"""The ``reportkit`` commands, one module per group of commands.

:mod:`reportkit.cli` imports a module from here only when one of its commands is run (or
``--help`` lists them); each command in turn imports the library code it needs when it
runs, so listing the commands never loads the reader or a renderer.
"""
