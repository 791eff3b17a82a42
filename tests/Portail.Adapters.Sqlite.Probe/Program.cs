// Replaced by the Sqlite adapter's crash and multi-process probe.
return 0;
