# Shared by the checkpoint tests that write to the shared PostgreSQL; needs pg() (psql -qAt).

# The prepared transactions (two-phase commit) holding a lock on a table of schema $1: a prepared
# transaction keeps the locks of the backend that prepared it, with no pid.
prepared_in_schema() {
  pg -c "SELECT DISTINCT p.gid FROM pg_prepared_xacts p
    JOIN pg_locks x ON x.locktype = 'transactionid' AND x.transactionid = p.transaction AND x.pid IS NULL
    JOIN pg_locks l ON l.virtualtransaction = x.virtualtransaction AND l.pid IS NULL
    JOIN pg_class c ON c.oid = l.relation WHERE c.relnamespace = '$1'::regnamespace"
}
