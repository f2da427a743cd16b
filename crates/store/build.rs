// `sqlx::migrate!` embeds the migrations at compile time; without this a new migration
// file is missed by incremental builds (sqlx's documented advice).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
