# crypto: filled in by the work on this directory
