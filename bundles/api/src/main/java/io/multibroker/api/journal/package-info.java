/**
 * The order journal: every order's intent, written before it leaves, and every later change of it; the
 * reconciliation of an account's orders with its broker when it connects.
 */
@Export
@Version("1.4.0")
package io.multibroker.api.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
