SELECT pg_catalog.pg_get_viewdef('16403'::pg_catalog.oid, true);
