//! `synthetic-registry`: prints the full-size synthetic registry as an import
//! file (import::synthetic). `scripts/run --full-registry` loads it.

fn main() {
    print!("{}", import::synthetic::full_size_registry_csv());
}
