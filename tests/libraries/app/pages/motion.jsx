// framer-motion: a motion.div with an entry animation and AnimatePresence; the button shows a second box.
import { useState } from "react";
import { AnimatePresence, motion } from "framer-motion";

export default function Motion() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <motion.h1 initial={{ opacity: 0.5 }} animate={{ opacity: 1 }}>
        In motion
      </motion.h1>
      <button type="button" data-testid="act" onClick={() => setOpen(!open)}>
        {open ? "Hide" : "Show"}
      </button>
      <AnimatePresence>
        {open && (
          <motion.p key="box" initial={{ opacity: 0 }} animate={{ opacity: 1 }} exit={{ opacity: 0 }}>
            Now you see me
          </motion.p>
        )}
      </AnimatePresence>
    </>
  );
}
