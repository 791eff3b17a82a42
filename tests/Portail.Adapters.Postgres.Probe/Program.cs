// Replaced by the Postgres adapter's crash and multi-process probe.
return 0;
