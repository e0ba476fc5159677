/** One OCI region, as listed in ocir-regions.tsv. */
export interface Region {
  /** Three-letter region key, upper case as Oracle lists it: `FRA`. */
  key: string
  /** Region identifier: `eu-frankfurt-1`. */
  identifier: string
  /** Realm: `oc1` is the commercial realm; others are government, sovereign or dedicated. */
  realm: string
  /** The realm's domain: `oraclecloud.com`. */
  realmDomain: string
}
