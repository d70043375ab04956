# shell: filled in by the work on this directory
