pub fn write(_: &mut dyn std::io::Write, _: &crate::evaluate::Analysis) -> std::io::Result<()> {
    Ok(())
}
