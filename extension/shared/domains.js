// The registrable domain of a host ("bbc.co.uk" for "news.bbc.co.uk", never
// "co.uk"), from the Public Suffix List as the maintained `tldts` package
// ships it (bundled by build.sh): "the last two labels" is wrong for every
// country-code second level. Private suffixes count too, so that one user's
// site on github.io is a domain of its own, not all of github.io.

import { getDomain } from 'tldts';

/** The registrable domain of `host`, or null (an IP address, localhost, a
 *  public suffix itself). */
export function registrableDomain(host) {
  if (!host) return null;
  return getDomain(host, { allowPrivateDomains: true }) || null;
}
