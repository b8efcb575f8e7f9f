// Not a component module: an edit here cannot be applied by Fast Refresh.
export const label = "label v1";
