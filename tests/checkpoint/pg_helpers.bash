# Shared by the checkpoint tests that write to the shared PostgreSQL; needs pg() (psql -qAt).

# The prepared transactions (two-phase commit) holding a lock on a table of schema $1: a prepared
# transaction keeps the locks of the backend that prepared it, with no pid.
prepared_in_schema() {
  pg -c "SELECT DISTINCT p.gid FROM pg_prepared_xacts p
    JOIN pg_locks x ON x.locktype = 'transactionid' AND x.transactionid = p.transaction AND x.pid IS NULL
    JOIN pg_locks l ON l.virtualtransaction = x.virtualtransaction AND l.pid IS NULL
    JOIN pg_class c ON c.oid = l.relation WHERE c.relnamespace = '$1'::regnamespace"
}

# Drops schema $1 after rolling back the prepared transactions on its tables: a failed run may leave
# some, which the shared server's other tests would count and which would block the DROP.
drop_test_schema() {
  for gid in $(prepared_in_schema "$1" 2>/dev/null); do
    pg -c "ROLLBACK PREPARED '$gid'" >/dev/null 2>&1 || true
  done
  pg -c "DROP SCHEMA IF EXISTS $1 CASCADE" >/dev/null 2>&1 || true
}
