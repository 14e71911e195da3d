defmodule X.MixProject do
  defp deps do
    [{:phoenix, "~> 1.7"}, {:ecto_sql, "~> 3.10"}, {:redix,
  end
end
