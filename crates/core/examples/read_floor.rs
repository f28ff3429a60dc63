//! Measures calamine's raw cell streaming on a workbook (the floor under import).
use calamine::{open_workbook, Reader, Xlsx};
fn main() {
    let path = std::env::args().nth(1).expect("path");
    let t = std::time::Instant::now();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let opened = t.elapsed();
    let name = wb.sheet_names()[0].clone();
    let mut r = wb.worksheet_cells_reader(&name).unwrap();
    let mut n = 0u64;
    while let Some(_c) = r.next_cell().unwrap() {
        n += 1;
    }
    println!("{n} cells, open {:?}, total {:?}", opened, t.elapsed());
}
