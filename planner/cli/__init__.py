"""The `csip` command line, laid out as pip lays out its own.

`main` is the entry (parse, dispatch, exit codes); `commands` is the one table of commands and
their options; `common` is what every handler shares (loading a scenario with its errors turned into
exit 2, solving with a spinner, printing tables and JSON); each other module holds one group of
commands. A new command is a row in the table and a function in its group's module.
"""
