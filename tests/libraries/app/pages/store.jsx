// zustand, date-fns and clsx: a store shared by two components, a formatted date, conditional classes.
import clsx from "clsx";
import { format } from "date-fns";
import { create } from "zustand";

const useCounter = create((set) => ({ count: 0, add: () => set((state) => ({ count: state.count + 1 })) }));

function Count() {
  const count = useCounter((state) => state.count);
  return <p className={clsx("count", { many: count > 1 })}>Count: {count}</p>;
}

function Add() {
  const add = useCounter((state) => state.add);
  return (
    <button type="button" data-testid="act" onClick={add}>
      Add
    </button>
  );
}

export default function Store() {
  return (
    <>
      <h1>Released {format(new Date(Date.UTC(2024, 2, 5, 12)), "yyyy-MM-dd")}</h1>
      <Count />
      <Add />
    </>
  );
}
