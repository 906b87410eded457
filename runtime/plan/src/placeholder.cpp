// placeholder so the target has a source until the plan units land
namespace bylaw::plan {}
