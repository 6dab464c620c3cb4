/**
 * What the stores share: the embedded default database, schema migrations applied at start, and reading a table in
 * commit order when several writers share one PostgreSQL.
 */
@Export
@Version("1.0.0")
package io.multibroker.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
