from clausecheck.cli import entry

entry()
